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

    protected Experiment() {
    }

    public Experiment(long workspaceId, String name, String createdBy, Instant now) {
        this.workspaceId = workspaceId;
        this.name = name;
        this.nameKey = keyOf(name);
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Long id() { return id; }
    public String name() { return name; }
}
