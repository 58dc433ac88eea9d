package dev.modelyard.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job as its page and the API show it (the Job JSON of docs/api-v1.md, extended).
 *
 * @param environment   the resolved environment, {@code name:version}
 * @param queuePosition 1-based place in its compute target's queue while Queued, else null
 * @param notStored     files the job left that were refused, by name with the reason (the first 500)
 * @param notStoredCount how many files were refused in all
 * @param secretVariableNames names of the secret variables; in {@code environmentVariables} their values show as
 *                       {@link SubmitJobCommand#MASK}
 */
public record JobDetails(String name, String displayName, String experimentName, String description, JobStatus status,
                         String statusReason, List<StatusChange> statusHistory, Integer exitCode, String command,
                         String environment, String compute, Map<String, String> environmentVariables,
                         Integer timeoutSeconds, String studioUrl, String createdBy, Instant createdAt,
                         Instant startedAt, Instant endedAt, Map<String, String> tags, Integer queuePosition,
                         List<NotStoredFile> notStored, int notStoredCount, List<String> secretVariableNames) {

    public JobDetails {
        notStored = notStored == null ? List.of() : List.copyOf(notStored);
        secretVariableNames = secretVariableNames == null ? List.of() : List.copyOf(secretVariableNames);
    }

    public record StatusChange(JobStatus status, Instant at) {
    }
}
