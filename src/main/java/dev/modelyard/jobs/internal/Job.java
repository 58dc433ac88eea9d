package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.JobStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "job")
public class Job {

    /** One entry of the status history. */
    @Embeddable
    public record StatusChange(@Enumerated(EnumType.STRING) @Column(name = "status", length = 20) JobStatus status,
                               @Column(name = "at") Instant at) {
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "experiment_id")
    private Experiment experiment;

    @Column(length = 10000)
    private String description;

    /** Null for an MLflow run started from outside (compute {@code external}): there is nothing to run. */
    @Column(length = 8192)
    private String command;

    @Column(name = "code_manifest_id", nullable = false)
    private long codeManifestId;

    @Column(name = "environment_name", nullable = false)
    private String environmentName;

    @Column(name = "environment_version", nullable = false)
    private int environmentVersion;

    @Column(nullable = false, length = 64)
    private String compute;

    @Column(name = "variables_json", nullable = false, length = 20000)
    private String variablesJson;

    @Column(name = "tags_json", nullable = false, length = 20000)
    private String tagsJson;

    @Column(name = "timeout_seconds")
    private Integer timeoutSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private JobStatus status;

    @Column(name = "status_reason", length = 2000)
    private String statusReason;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "artifacts_manifest_id")
    private Long artifactsManifestId;

    @Column(name = "secret_variables", length = 60000)
    private String secretVariables;

    @Column(name = "run_id", length = 36)
    private String runId;

    @Column(name = "not_stored_json", length = 1000000)
    private String notStoredJson;

    @Column(name = "not_stored_count", nullable = false)
    private int notStoredCount;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    /** MLflow's lifecycle: {@code active} or {@code deleted} (a deleted run is hidden from searches, restorable). */
    /** The queue partition the job waits in: only nodes of that partition claim it (decision 021). */
    @Column(name = "queue_partition", nullable = false, length = 64)
    private String queuePartition = "default";

    @Column(name = "lifecycle_stage", nullable = false, length = 10)
    private String lifecycleStage = "active";

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "run_param", joinColumns = @JoinColumn(name = "job_id"))
    @jakarta.persistence.MapKeyColumn(name = "param_key")
    @Column(name = "param_value", nullable = false, length = 6000)
    private java.util.Map<String, String> params = new java.util.HashMap<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "run_tag", joinColumns = @JoinColumn(name = "job_id"))
    @jakarta.persistence.MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false, length = 8000)
    private java.util.Map<String, String> runTags = new java.util.HashMap<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "job_status_change", joinColumns = @JoinColumn(name = "job_id"))
    @OrderColumn(name = "seq")
    private List<StatusChange> history = new ArrayList<>();

    protected Job() {
    }

    public Job(long workspaceId, String name, String displayName, Experiment experiment, String description, String command,
               long codeManifestId, String environmentName, int environmentVersion, String compute,
               String variablesJson, String tagsJson, Integer timeoutSeconds, String createdBy, Instant now) {
        this.name = name;
        this.displayName = displayName;
        this.experiment = experiment;
        this.description = description;
        this.command = command;
        this.codeManifestId = codeManifestId;
        this.environmentName = environmentName;
        this.environmentVersion = environmentVersion;
        this.compute = compute;
        this.variablesJson = variablesJson;
        this.tagsJson = tagsJson;
        this.timeoutSeconds = timeoutSeconds;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.workspaceId = workspaceId;
        moveTo(JobStatus.QUEUED, null, now);
    }

    /** Records a new status; terminal statuses also set the end time. */
    public void moveTo(JobStatus next, String reason, Instant now) {
        this.status = next;
        if (reason != null) {
            this.statusReason = reason;
        }
        this.history.add(new StatusChange(next, now));
        if (next == JobStatus.RUNNING && startedAt == null) {
            startedAt = now;
        }
        if (next.isTerminal()) {
            endedAt = now;
        }
    }

    public void finish(Integer exitCode, Long artifactsManifestId, String notStoredJson, int notStoredCount) {
        this.exitCode = exitCode;
        this.artifactsManifestId = artifactsManifestId;
        this.notStoredJson = notStoredJson;
        this.notStoredCount = notStoredCount;
    }

    /** The sealed secret variables (see JobSecrets); null for none. */
    public void queueIn(String partition) {
        this.queuePartition = partition;
    }

    public void sealSecrets(String sealed) {
        this.secretVariables = sealed;
    }

    /** Marks a new run; its processes carry the id in their environment. */
    public void beginRun(String runId) {
        this.runId = runId;
    }

    /** Sets the end time of a run that reports its own end (MLflow's runs/update). */
    public void endAt(Instant at) {
        this.endedAt = at;
    }

    public void startAt(Instant at) {
        this.startedAt = at;
    }

    public void rename(String newDisplayName) {
        this.displayName = newDisplayName;
    }

    /** Points the job at a new artifact tree (an MLflow run logged a file); the caller holds the row lock. */
    public void artifactsAre(long manifestId) {
        this.artifactsManifestId = manifestId;
    }

    public String lifecycleStage() { return lifecycleStage; }
    public void lifecycle(String stage) { this.lifecycleStage = stage; }
    public java.util.Map<String, String> params() { return params; }
    public java.util.Map<String, String> runTags() { return runTags; }
    public boolean isExternal() { return command == null; }
    public Long id() { return id; }
    public long workspaceId() { return workspaceId; }
    public String name() { return name; }
    public String displayName() { return displayName; }
    public Experiment experiment() { return experiment; }
    public String description() { return description; }
    public String command() { return command; }
    public long codeManifestId() { return codeManifestId; }
    public String environmentName() { return environmentName; }
    public int environmentVersion() { return environmentVersion; }
    public String compute() { return compute; }
    public String variablesJson() { return variablesJson; }
    public String tagsJson() { return tagsJson; }
    public Integer timeoutSeconds() { return timeoutSeconds; }
    public JobStatus status() { return status; }
    public String statusReason() { return statusReason; }
    public Integer exitCode() { return exitCode; }
    public Long artifactsManifestId() { return artifactsManifestId; }
    public String runId() { return runId; }
    public String secretVariables() { return secretVariables; }
    public String notStoredJson() { return notStoredJson; }
    public int notStoredCount() { return notStoredCount; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant startedAt() { return startedAt; }
    public Instant endedAt() { return endedAt; }
    public List<StatusChange> history() { return history; }
}
