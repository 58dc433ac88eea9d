package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An operating-system account that job processes run as, read from /etc/passwd (local accounts only: the name is
 * configuration, never user input, and only numeric ids reach the command line).
 */
public record OsUser(String name, int uid, int gid) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    public static final String SETPRIV = "/usr/bin/setpriv";

    /** The account named {@code name} in /etc/passwd; throws IllegalArgumentException naming what is wrong. */
    public static OsUser lookup(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid local user name: " + name);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/etc/passwd"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/passwd", e);
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name)) {
                int uid = Integer.parseInt(f[2]);
                if (uid == 0) {
                    throw new IllegalArgumentException("user " + name + " is root; jobs must run as another user");
                }
                return new OsUser(name, uid, Integer.parseInt(f[3]));
            }
        }
        throw new IllegalArgumentException("no local user named " + name + " in /etc/passwd");
    }

    /** Whether this JVM runs as root (only root can start processes as another user). */
    public static boolean currentIsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The fixed prefix that makes the program run as this user: setpriv with numeric ids, no supplementary groups
     * and no inheritable capabilities, then {@code --} so nothing after it is read as an option. No shell.
     */
    public List<String> commandPrefix() {
        return List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--inh-caps=-all", "--");
    }
}
