package dev.modelyard.workspaces;

import java.util.function.Supplier;

/**
 * The workspace the current request or task works in. The web layers bind it once per request, after checking
 * that the caller is a member (REST: the path's {@code /workspaces/{ws}}, or {@code default}; UI: the route);
 * services read it and put it into every query, so isolation lives in one place: docs/decisions/009-workspaces.md.
 */
public final class CurrentWorkspace {

    private static final ThreadLocal<WorkspaceRef> BOUND = new ThreadLocal<>();

    private CurrentWorkspace() {
    }

    /** The bound workspace; {@code default} where nothing bound one (start-up tasks, tests of a single workspace). */
    public static WorkspaceRef get() {
        WorkspaceRef ws = BOUND.get();
        return ws == null ? WorkspaceRef.DEFAULT : ws;
    }

    public static long id() {
        return get().id();
    }

    public static String name() {
        return get().name();
    }

    /** Runs {@code task} with {@code workspace} bound, restoring what was bound before. */
    public static <T> T callIn(WorkspaceRef workspace, Supplier<T> task) {
        WorkspaceRef previous = BOUND.get();
        BOUND.set(workspace);
        try {
            return task.get();
        } finally {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        }
    }

    public static void runIn(WorkspaceRef workspace, Runnable task) {
        callIn(workspace, () -> {
            task.run();
            return null;
        });
    }

    /** Binds for the rest of a request; the caller must {@link #clear()} in a finally block. */
    public static void bind(WorkspaceRef workspace) {
        BOUND.set(workspace);
    }

    public static void clear() {
        BOUND.remove();
    }
}
