package dev.modelyard.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The records the tracking side of jobs returns: experiments, runs (jobs seen as MLflow runs), metric points. */
public final class RunRecords {

    private RunRecords() {
    }

    /** @param lifecycleStage {@code active} or {@code deleted} */
    public record ExperimentDetails(long id, String name, String lifecycleStage, Instant createdAt, String createdBy,
                                    Map<String, String> tags) {
    }

    /** One logged point; {@code timestamp} in ms since the epoch. */
    public record MetricPoint(String key, double value, long timestamp, long step) {
    }

    /**
     * A job as an MLflow run. {@code external}: started from outside through MLflow, with no command.
     *
     * @param metrics each metric's latest point
     */
    public record RunDetails(String runId, long experimentId, String experimentName, String runName, String userId,
                             JobStatus status, Instant startTime, Instant endTime, String lifecycleStage,
                             boolean external, Map<String, String> params, Map<String, String> tags,
                             List<MetricPoint> metrics) {
    }

    /** Start a run: in an experiment (id), with an optional name, start time and tags. */
    public record CreateRunCommand(long experimentId, String runName, Instant startTime, Map<String, String> tags) {
    }
}
