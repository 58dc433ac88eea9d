package dev.modelyard.models;

import java.util.List;

/**
 * The metrics a run (a job) logged, for the version page to show beside a version that came from it. The jobs
 * feature implements it, so the registry depends on no run store (as with {@link ModelSourceResolver}).
 */
public interface RunMetricsLookup {

    /** Each metric's points by step, sorted by key; empty when the run logged none or does not exist. */
    List<Series> metrics(String runId);

    /** One metric: its steps and values, index by index. */
    record Series(String key, long[] steps, double[] values) {
    }
}
