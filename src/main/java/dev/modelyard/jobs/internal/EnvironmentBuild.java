package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.EnvironmentBuildInfo;
import dev.modelyard.jobs.EnvironmentBuildStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One attempt to build the virtualenv of a spec hash; the newest attempt of a hash is its state. */
@Entity
@Table(name = "environment_build")
public class EnvironmentBuild {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "build_hash", nullable = false, updatable = false, length = 64)
    private String buildHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private EnvironmentBuildStatus status;

    @Column(length = 4000)
    private String error;

    @Column(name = "freeze_text", length = 200000)
    private String freezeText;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "removed_reason", length = 500)
    private String removedReason;

    protected EnvironmentBuild() {
    }

    public EnvironmentBuild(String buildHash, Instant now) {
        this.buildHash = buildHash;
        this.status = EnvironmentBuildStatus.BUILDING;
        this.startedAt = now;
    }

    public void ready(String freeze, long size, Instant now) {
        this.status = EnvironmentBuildStatus.READY;
        this.freezeText = freeze;
        this.sizeBytes = size;
        this.endedAt = now;
        this.lastUsedAt = now;
    }

    public void failed(String error, Instant now) {
        this.status = EnvironmentBuildStatus.FAILED;
        this.error = error.length() > 4000 ? error.substring(0, 3999) + "…" : error;
        this.endedAt = now;
    }

    public void removed(String reason, Instant now) {
        this.status = EnvironmentBuildStatus.REMOVED;
        this.removedReason = reason;
        if (this.endedAt == null) {
            this.endedAt = now;
        }
    }

    public void used(Instant now) {
        this.lastUsedAt = now;
    }

    public Long id() { return id; }
    public String buildHash() { return buildHash; }
    public EnvironmentBuildStatus status() { return status; }
    public String error() { return error; }
    public String freezeText() { return freezeText; }
    public Long sizeBytes() { return sizeBytes; }
    public Instant lastUsedAt() { return lastUsedAt; }

    public EnvironmentBuildInfo info() {
        return new EnvironmentBuildInfo(id, buildHash, status, error, sizeBytes, startedAt, endedAt, lastUsedAt,
                removedReason);
    }
}
