package dev.modelyard.workspaces;

import dev.modelyard.security.AppRole;
import java.time.Instant;

/** A workspace as its members see it; {@code role} is the caller's role in it. */
public record WorkspaceSummary(String name, String displayName, String description, String createdBy,
                               Instant createdAt, AppRole role) {

    public WorkspaceRef ref(long id) {
        return new WorkspaceRef(id, name);
    }
}
