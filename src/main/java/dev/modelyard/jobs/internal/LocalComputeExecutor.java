package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.execution.RunningProcess;
import jakarta.annotation.PreDestroy;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The {@code local} target: a fixed number of slots on this host, each running a job as a process of this host.
 */
@Component
public class LocalComputeExecutor extends SlotPoolExecutor {

    public static final String NAME = "local";

    private final JobRunner runner;
    private final String name;

    @org.springframework.beans.factory.annotation.Autowired
    LocalComputeExecutor(JobRunner runner, JobsProperties properties) {
        this(runner, NAME, properties.effectiveLocalSlots());
    }

    /** A workspace's own {@code local} target with its own slots (see {@link LocalComputeExecutorFactory}). */
    LocalComputeExecutor(JobRunner runner, String name, int slots) {
        super(slots, NAME.equals(name) ? "job-local-" : "job-" + name + "-");
        this.runner = runner;
        this.name = name;
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
    protected void run(String jobName, Consumer<RunningProcess> started) {
        runner.run(jobName, started);
    }

    /** A deleted target: takes no more work; what runs finishes (deletion is refused while jobs run or wait). */
    @Override
    public void shutdown() {
        close();
    }

    /** Stops taking work; running processes are ended by the JVM's exit and settled at the next start. */
    @PreDestroy
    void stopAll() {
        stop();
    }
}
