package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.ComputeExecutor;
import dev.modelyard.jobs.JobsProperties;
import jakarta.annotation.PreDestroy;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * The {@code local} target: a fixed number of slots on this host ({@link SlotPool}), each running a job as a process
 * of this host.
 */
@Component
public class LocalComputeExecutor implements ComputeExecutor {

    public static final String NAME = "local";

    private final JobRunner runner;
    private final String name;
    private final SlotPool slots;

    @org.springframework.beans.factory.annotation.Autowired
    LocalComputeExecutor(JobRunner runner, JobsProperties properties) {
        this(runner, NAME, properties.effectiveLocalSlots());
    }

    /** A workspace's own {@code local} target with its own slots (see {@link LocalComputeExecutorFactory}). */
    LocalComputeExecutor(JobRunner runner, String name, int slots) {
        this.runner = runner;
        this.name = name;
        this.slots = new SlotPool(slots, NAME.equals(name) ? "job-local-" : "job-" + name + "-");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "local-process";
    }

    @Override
    public int slots() {
        return slots.slots();
    }

    @Override
    public void enqueue(String jobName) {
        slots.enqueue(jobName, runner::run);
    }

    @Override
    public boolean dequeue(String jobName) {
        return slots.dequeue(jobName);
    }

    @Override
    public void cancel(String jobName) {
        slots.cancel(jobName);
    }

    @Override
    public OptionalInt queuePosition(String jobName) {
        return slots.queuePosition(jobName);
    }

    @Override
    public int running() {
        return slots.running();
    }

    @Override
    public int queued() {
        return slots.queued();
    }

    /** A deleted target: takes no more work; what runs finishes (deletion is refused while jobs run or wait). */
    @Override
    public void shutdown() {
        slots.close();
    }

    /** Stops taking work; running processes are ended by the JVM's exit and settled at the next start. */
    @PreDestroy
    void stop() {
        slots.stop();
    }
}
