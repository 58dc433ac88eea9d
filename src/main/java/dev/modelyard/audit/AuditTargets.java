package dev.modelyard.audit;

/** The target names of audit entries, in one place so writers and readers agree. */
public final class AuditTargets {

    private AuditTargets() {
    }

    public static String model(String name) {
        return "model:" + name;
    }

    public static String version(String name, int version) {
        return "model:" + name + "/" + version;
    }

    public static String job(String name) {
        return "job:" + name;
    }

    public static String user(String username) {
        return "user:" + username;
    }
}
