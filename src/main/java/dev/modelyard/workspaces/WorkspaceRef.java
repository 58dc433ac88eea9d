package dev.modelyard.workspaces;

/** A workspace by its key and its name; {@link #DEFAULT} is the one every Modelyard starts with (id 1, V007). */
public record WorkspaceRef(long id, String name) {

    public static final WorkspaceRef DEFAULT = new WorkspaceRef(1L, "default");
}
