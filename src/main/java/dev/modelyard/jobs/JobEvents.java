package dev.modelyard.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells listeners (open views) that a job's status changed. Listeners run on the executor's threads and must
 * hand work to their own UI (ui.access) quickly; a failing listener never disturbs a job.
 */
@Component
public class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    /** A job moved to {@code status}. */
    public record JobChanged(String jobName, JobStatus status) {
    }

    private final List<Consumer<JobChanged>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; run the returned handle to remove it (on detach). */
    public Runnable subscribe(Consumer<JobChanged> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every listener; called by the service and the executors. */
    public void publish(String jobName, JobStatus status) {
        JobChanged event = new JobChanged(jobName, status);
        for (Consumer<JobChanged> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.debug("A job listener failed: {}", e.toString());
            }
        }
    }
}
