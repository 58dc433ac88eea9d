package dev.modelyard.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The environment version and build a job ran in, recorded when it starts preparing. */
@Entity
@Table(name = "environment_use")
public class EnvironmentUse {

    @Id
    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "environment_id", nullable = false)
    private long environmentId;

    @Column(name = "build_id", nullable = false)
    private long buildId;

    @Column(name = "used_at", nullable = false)
    private Instant usedAt;

    protected EnvironmentUse() {
    }

    public EnvironmentUse(long jobId, long environmentId, long buildId, Instant now) {
        this.jobId = jobId;
        this.environmentId = environmentId;
        this.buildId = buildId;
        this.usedAt = now;
    }

    public long environmentId() { return environmentId; }
    public long buildId() { return buildId; }
}
