package dev.modelyard.jobs.internal;

import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.jobs.JobStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.NotStoredFile;
import java.time.Clock;
import java.util.UUID;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The job table's short transactions. Every status change locks the job row, so a cancel and the executor
 * moving the job on never overwrite each other.
 */
@Component
public class JobStore {

    private static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.PREPARING, JobStatus.RUNNING,
            JobStatus.FINALIZING, JobStatus.CANCEL_REQUESTED);

    private final JobRepository jobs;
    private final ArtifactService artifacts;
    private final Clock clock;
    private final ObjectMapper json;
    private final JobLeases leases;

    JobStore(JobRepository jobs, ArtifactService artifacts, Clock clock, ObjectMapper json, JobLeases leases) {
        this.leases = leases;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Moves the job to {@code next} if its status is one of {@code from}; returns the status it has afterwards
     * (unchanged when the move was not allowed).
     */
    @Transactional
    public JobStatus move(String name, Set<JobStatus> from, JobStatus next, String reason) {
        return transition(name, from, next, reason).after();
    }

    /** As {@link #move}, telling the status before and after (equal when the job was not in {@code from}). */
    @Transactional
    public Transition transition(String name, Set<JobStatus> from, JobStatus next, String reason) {
        Job job = jobs.findByNameForUpdate(name).orElseThrow();
        JobStatus before = job.status();
        if (from.contains(before)) {
            job.moveTo(next, reason, clock.instant());
            if (next == JobStatus.PREPARING) {
                leases.take(name); // from here on the job is this node's, as long as it renews the lease
            }
        }
        return new Transition(before, job.status());
    }

    public record Transition(JobStatus before, JobStatus after) {
    }

    /**
     * Ends the job: binds what it left (stored already) into a manifest in this transaction, records the exit
     * code, and moves it to {@code end} unless it ended already. A cancel that arrived meanwhile wins.
     */
    @Transactional
    public JobStatus finish(String name, JobStatus end, String reason, Integer exitCode, StoredFiles left,
                            List<NotStoredFile> notStored, int notStoredCount) {
        Job job = jobs.findByNameForUpdate(name).orElseThrow();
        Long manifestId;
        if (job.artifactsManifestId() != null) {
            // files the job logged through MLflow while it ran stay beside what it left in outputs/
            manifestId = left == null || left.files().isEmpty() ? job.artifactsManifestId()
                    : artifacts.mergeIntoManifest(job.artifactsManifestId(), left.files());
        } else {
            manifestId = left == null || left.files().isEmpty() ? null : artifacts.saveManifest(left);
        }
        job.finish(exitCode, manifestId, notStored.isEmpty() ? null : toJson(notStored), notStoredCount);
        if (!job.status().isTerminal()) {
            boolean canceled = job.status() == JobStatus.CANCEL_REQUESTED;
            job.moveTo(canceled ? JobStatus.CANCELED : end, canceled ? "canceled" : reason, clock.instant());
        }
        return job.status();
    }

    /** Gives the job a new run id (the marker its processes carry); returns it. */
    @Transactional
    public String beginRun(String name) {
        String runId = UUID.randomUUID().toString();
        jobs.findByNameForUpdate(name).orElseThrow().beginRun(runId);
        return runId;
    }

    @Transactional(readOnly = true)
    public Optional<String> runId(String name) {
        return jobs.findByName(name).map(Job::runId);
    }

    private String toJson(List<NotStoredFile> notStored) {
        try {
            return json.writeValueAsString(notStored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the executor needs to run the job. */
    @Transactional(readOnly = true)
    public RunSpec runSpec(String name) {
        Job job = jobs.findByName(name).orElseThrow();
        return new RunSpec(job.id(), job.name(), job.command(), job.environmentName() + ":" + job.environmentVersion(),
                job.codeManifestId(), job.variablesJson(), job.timeoutSeconds(), job.createdBy(),
                job.workspaceId(), job.secretVariables(), job.experiment().name(), jobs.workspaceNameOf(job.workspaceId()));
    }

    /**
     * A job as the executor sees it; {@code createdBy} is the user its token acts for, {@code workspaceName} names the
     * workspace in its MLflow tracking URI.
     */
    public record RunSpec(long id, String name, String command, String environment, long codeManifestId,
                          String variablesJson, Integer timeoutSeconds, String createdBy, long workspaceId,
                          String sealedSecrets, String experimentName, String workspaceName) {
    }

    @Transactional(readOnly = true)
    public Optional<JobStatus> status(String name) {
        return jobs.findByName(name).map(Job::status);
    }

    /** Jobs that were mid-run (not queued) when the application last stopped. */
    @Transactional(readOnly = true)
    public List<String> interrupted() {
        return jobs.findByStatusIn(ACTIVE).stream().map(Job::name).toList();
    }

    @Transactional(readOnly = true)
    public String compute(String name) {
        return jobs.findByName(name).map(Job::compute).orElse(null);
    }

    @Transactional(readOnly = true)
    public List<String> queued() {
        // submission order: a restart must not shuffle the queue
        return jobs.findByStatusIn(EnumSet.of(JobStatus.QUEUED)).stream()
                .sorted(java.util.Comparator.comparing(Job::id)).map(Job::name).toList();
    }
}
