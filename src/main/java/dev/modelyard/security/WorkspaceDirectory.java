package dev.modelyard.security;

import java.util.List;
import java.util.Optional;

/**
 * What token scopes need to know of workspaces, asked the way the workspaces feature will answer it (it depends on
 * security, so security asks through this interface and never depends on it).
 */
public interface WorkspaceDirectory {

    /** A workspace by its key and its name as it was created. */
    record Entry(long id, String name) {
    }

    /**
     * The workspace named {@code name} (case-insensitively) if {@code username} may work in it: a member, or a
     * platform admin; empty otherwise, exactly as for a workspace that does not exist.
     */
    Optional<Entry> findForMember(String name, String username);

    /** The names of the workspaces {@code username} may work in, sorted; every workspace for a platform admin. */
    List<String> namesFor(String username);
}
