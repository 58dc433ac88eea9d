package dev.modelyard.workspaces;

import dev.modelyard.security.AppRole;
import java.time.Instant;

/** One member of a workspace and their role there. */
public record WorkspaceMember(String username, AppRole role, Instant since) {
}
