package dev.modelyard.jobs;

import java.time.Instant;

/** A job as a grid row shows it. */
public record JobSummary(String name, String displayName, String experimentName, JobStatus status, String compute,
                         String createdBy, Instant createdAt, Instant startedAt, Instant endedAt) {
}
