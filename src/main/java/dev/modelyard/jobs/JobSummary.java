package dev.modelyard.jobs;

import java.time.Instant;

/**
 * A job as a grid row shows it. {@code hasCommand} is false for an MLflow run started from outside (a notebook, a CI
 * script): Modelyard runs nothing for it, its client logs to it and ends it.
 */
public record JobSummary(String name, String displayName, String experimentName, JobStatus status, String compute,
                         String createdBy, Instant createdAt, Instant startedAt, Instant endedAt, boolean hasCommand) {
}
