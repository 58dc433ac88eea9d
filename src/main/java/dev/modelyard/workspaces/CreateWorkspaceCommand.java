package dev.modelyard.workspaces;

/** A new workspace: a name (model-name rules), a display name (defaults to the name) and a description. */
public record CreateWorkspaceCommand(String name, String displayName, String description) {
}
