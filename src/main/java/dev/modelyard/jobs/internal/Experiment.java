package dev.modelyard.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/** A named group of jobs, created the first time a job names it. */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "lifecycle_stage", nullable = false, length = 10)
    private String lifecycleStage = "active";

    @jakarta.persistence.ElementCollection(fetch = jakarta.persistence.FetchType.LAZY)
    @jakarta.persistence.CollectionTable(name = "experiment_tag", joinColumns = @jakarta.persistence.JoinColumn(name = "experiment_id"))
    @jakarta.persistence.MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false, length = 5000)
    private java.util.Map<String, String> tags = new java.util.HashMap<>();

    protected Experiment() {
    }

    public Experiment(long workspaceId, String name, String createdBy, Instant now) {
        this.workspaceId = workspaceId;
        this.name = name;
        this.nameKey = keyOf(name);
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Long id() { return id; }
    public long workspaceId() { return workspaceId; }
    public String name() { return name; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    /** MLflow's last_update_time: moved by a rename, a tag, a delete or a restore. */
    public void touch(Instant at) { this.updatedAt = at; }
    public String lifecycleStage() { return lifecycleStage; }
    public void lifecycle(String stage) { this.lifecycleStage = stage; }
    public java.util.Map<String, String> tags() { return tags; }

    public void rename(String newName) {
        this.name = newName;
        this.nameKey = keyOf(newName);
    }
}
