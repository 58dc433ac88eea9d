package dev.modelyard.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The records the tracking side of jobs returns: experiments, runs (jobs seen as MLflow runs), metric points. */
public final class RunRecords {

    /** The input tag MLflow puts the dataset's role under (train, eval, …); {@code datasets.context} filters on it. */
    public static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

    private RunRecords() {
    }

    /** A job's status as an MLflow run status: SCHEDULED, RUNNING, FINISHED, FAILED or KILLED. */
    public static String runStatus(JobStatus status) {
        return switch (status) {
            case QUEUED, PREPARING -> "SCHEDULED";
            case RUNNING, FINALIZING, CANCEL_REQUESTED -> "RUNNING";
            case COMPLETED -> "FINISHED";
            case FAILED -> "FAILED";
            case CANCELED -> "KILLED";
        };
    }

    /** @param lifecycleStage {@code active} or {@code deleted} */
    public record ExperimentDetails(long id, String name, String lifecycleStage, Instant createdAt, Instant updatedAt,
                                    String createdBy, Map<String, String> tags) {
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
                             List<MetricPoint> metrics, List<DatasetInput> inputs) {
    }

    /** A dataset a run read (MLflow's log-inputs); {@code schema} and {@code profile} may be null. */
    public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    }

    /** A dataset as a run's input, with the input's tags (e.g. {@value #DATASET_CONTEXT_TAG}). */
    public record DatasetInput(Dataset dataset, Map<String, String> tags) {
    }

    /** Start a run: in an experiment (id), with an optional name, start time and tags. */
    public record CreateRunCommand(long experimentId, String runName, Instant startTime, Map<String, String> tags) {
    }
}
