package dev.modelyard.base;

/**
 * A change to put in the audit history, published as a Spring application event by features that the audit
 * feature itself depends on (security, workspaces), so the arrow stays one way: the audit listener records it
 * synchronously, inside the publisher's transaction, so a rolled-back change leaves no entry.
 * Features above the audit ({@code models}, {@code jobs}) call {@code AuditService} directly instead.
 *
 * @param before        what was there before (any JSON-serialisable value: a map, a record), null for a creation
 * @param after         what is there now, null for a removal
 * @param global        true for events of no workspace (users, sign-ins); false: the current workspace's
 * @param actor         who, when no one is signed in yet (a sign-in attempt's user name); null: the signed-in user
 * @param clientAddress the client's address, for sign-in events; null otherwise
 */
public record AuditEvent(String action, String target, Object before, Object after, boolean global, String actor,
                         String clientAddress) {

    /** A change in the current workspace by the signed-in user (or token). */
    public static AuditEvent inWorkspace(String action, String target, Object before, Object after) {
        return new AuditEvent(action, target, before, after, false, null, null);
    }

    /** A change that belongs to no workspace (a user, a platform setting), by the signed-in user. */
    public static AuditEvent global(String action, String target, Object before, Object after) {
        return new AuditEvent(action, target, before, after, true, null, null);
    }

    /** A sign-in event: {@code username} is what was typed, which may name no user at all. */
    public static AuditEvent signIn(String action, String username, String clientAddress, Object details) {
        return new AuditEvent(action, "user:" + username, null, details, true, username, clientAddress);
    }
}
