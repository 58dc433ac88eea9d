package dev.modelyard.workspaces;

import java.util.function.Supplier;

/**
 * The workspace the current request or task works in. The web layers bind it once per request (REST: the path's
 * {@code /workspaces/{workspace}}, or {@code default} for the paths without one; the portal: the route, read through
 * the {@linkplain #useFallback fallback} the UI installs), services read it and put it into every query, and
 * {@link WorkspaceAccess} decides the caller's role in it: docs/decisions/009-workspaces.md.
 *
 * <p>Nothing bound means in-process work (start-up tasks, tests of one workspace): it acts in {@code default}, and
 * roles come from the caller's authorities alone.
 */
public final class CurrentWorkspace {

    private static final ThreadLocal<WorkspaceRef> BOUND = new ThreadLocal<>();
    private static volatile Supplier<WorkspaceRef> fallback = () -> null;

    private CurrentWorkspace() {
    }

    /** The bound workspace, or {@code default} where nothing bound one. */
    public static WorkspaceRef get() {
        WorkspaceRef ws = bound();
        return ws == null ? WorkspaceRef.DEFAULT : ws;
    }

    public static long id() {
        return get().id();
    }

    public static String name() {
        return get().name();
    }

    /** Whether a web layer chose the workspace for this thread (then roles come from memberships). */
    public static boolean isBound() {
        return bound() != null;
    }

    private static WorkspaceRef bound() {
        WorkspaceRef ws = BOUND.get();
        return ws != null ? ws : fallback.get();
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

    /**
     * Where to look when nothing is bound to the thread: the portal answers with the workspace of the UI the thread
     * works for (request threads and {@code ui.access} alike), or null.
     */
    public static void useFallback(Supplier<WorkspaceRef> source) {
        fallback = source == null ? () -> null : source;
    }
}
