package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import dev.modelyard.jobs.JobEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An attached view's link to the threads that report on jobs. Job events and timer ticks arrive on other threads,
 * so UI changes go through {@code ui.access} (pushed, as the app has {@code @Push}); the services check the
 * signed-in user, so work done off the request thread runs with the viewer's security context, captured when the
 * view was attached, and in the view's workspace. Start it on attach and {@link #stop()} it on detach.
 */
final class LiveUpdates {

    private final UI ui;
    private final JobUiTimers timers;
    private final SecurityContext viewer;
    private final WorkspaceRef workspace;
    private final List<Runnable> stops = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    LiveUpdates(UI ui, JobUiTimers timers) {
        this.ui = ui;
        this.timers = timers;
        this.viewer = SecurityContextHolder.createEmptyContext();
        this.viewer.setAuthentication(SecurityContextHolder.getContext().getAuthentication());
        this.workspace = WorkspaceRoutes.current(ui).orElse(null);
    }

    /** Calls {@code listener} on a timer thread, as the viewer, for every job status change. */
    void onJobChange(JobEvents events, Consumer<JobEvents.JobChanged> listener) {
        stops.add(events.subscribe(change -> {
            if (isOpen()) {
                timers.execute(() -> runAsViewer(() -> listener.accept(change)));
            }
        }));
    }

    /** Runs {@code task} every {@code period} on a timer thread, as the viewer, until stopped or the UI closes. */
    void every(Duration period, Runnable task) {
        ScheduledFuture<?> future = timers.every(period, () -> {
            if (isOpen()) {
                runAsViewer(task);
            } else {
                stop();
            }
        });
        stops.add(() -> future.cancel(false));
    }

    /** Changes the UI from any thread; false when the UI is gone (the change is dropped). */
    boolean access(Command change) {
        if (!isOpen()) {
            return false;
        }
        try {
            ui.access(() -> runAsViewer(change::execute));
            return true;
        } catch (UIDetachedException gone) {
            return false;
        }
    }

    /** Ends the subscriptions and timers; safe to call more than once. */
    void stop() {
        stopped = true;
        stops.forEach(Runnable::run);
        stops.clear();
    }

    /** Only what may be read without the session lock: a closed UI may never be detached (tests, crashes). */
    private boolean isOpen() {
        return !stopped && !ui.isClosing() && ui.getSession() != null;
    }

    private void runAsViewer(Runnable action) {
        asViewer(() -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code action} on this thread as the viewer. */
    <T> T asViewer(Supplier<T> action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(viewer);
        try {
            // in the viewer's workspace too: timer threads have no UI current to find it through
            return workspace == null ? action.get() : CurrentWorkspace.callIn(workspace, action);
        } finally {
            if (previous.getAuthentication() == null) {
                SecurityContextHolder.clearContext();
            } else {
                SecurityContextHolder.setContext(previous);
            }
        }
    }
}
