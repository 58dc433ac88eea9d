package dev.modelyard.jobs;

import java.util.OptionalInt;

/**
 * A compute target: where queued jobs run. {@code local} runs them as processes on this host; a cluster
 * target implements the same five operations. See docs/decisions/006-job-execution.md.
 */
public interface ComputeExecutor {

    /** The name jobs use to choose this target, e.g. {@code local}. */
    String name();

    /** What kind of target this is, e.g. {@code local-process}. */
    String kind();

    /** Jobs it runs at once. */
    int slots();

    /** Accepts a Queued job; it starts when a slot is free, first in, first out. */
    void enqueue(String jobName);

    /** Removes a job that has not started; returns false when it had started (or was never queued here). */
    boolean dequeue(String jobName);

    /** Asks a running job to stop (SIGTERM, then SIGKILL after a grace period); returns at once. */
    void cancel(String jobName);

    /** 1-based position among the jobs waiting here, if the job is waiting. */
    OptionalInt queuePosition(String jobName);

    int running();

    int queued();

    /** Stops accepting jobs and releases what the executor holds (threads, connections); running jobs are not killed. */
    default void shutdown() {
    }
}
