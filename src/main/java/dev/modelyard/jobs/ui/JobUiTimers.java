package dev.modelyard.jobs.ui;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads the job pages use to follow jobs: the log tail and live durations tick here, and job events are
 * handed over here so that no job executor thread ever waits on a UI. Two daemon threads serve every open page;
 * a tick only reads a little and queues a {@code ui.access}, so they are never busy for long.
 */
@Component
class JobUiTimers implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobUiTimers.class);

    private final ScheduledExecutorService scheduler;

    JobUiTimers() {
        AtomicInteger count = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "job-ui-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every {@code period} until the returned future is cancelled. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        return scheduler.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} soon, on a timer thread. */
    void execute(Runnable task) {
        scheduler.execute(guarded(task));
    }

    /** A failing tick is logged; left to the executor it would silently end every later tick of that task. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("A job page update failed: {}", e.toString());
                LOG.debug("A job page update failed", e);
            }
        };
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
