package dev.modelyard.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** A job's life, named as Azure ML names it. */
public enum JobStatus {
    QUEUED("Queued"), PREPARING("Preparing"), RUNNING("Running"), FINALIZING("Finalizing"),
    COMPLETED("Completed"), FAILED("Failed"), CANCEL_REQUESTED("CancelRequested"), CANCELED("Canceled");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Completed, Failed and Canceled never change again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    /** Parses the wire name (case-insensitive). */
    public static JobStatus fromWire(String value) {
        for (JobStatus s : values()) {
            if (s.wireName.equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new dev.modelyard.base.InvalidInputException("status", "unknown status '" + value
                + "'; use Queued, Preparing, Running, Finalizing, Completed, Failed, CancelRequested or Canceled");
    }
}
