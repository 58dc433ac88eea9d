package dev.modelyard.workspaces;

/** Published inside the creating transaction, so listeners (curated environments) commit or roll back with it. */
public final class WorkspaceEvents {

    private WorkspaceEvents() {
    }

    public record Created(WorkspaceRef workspace, String createdBy) {
    }
}
