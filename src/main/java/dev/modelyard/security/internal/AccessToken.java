package dev.modelyard.security.internal;

import dev.modelyard.security.AppRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Formula;

/** An access token: who it acts for, its limits, and a hash of its secret (never the secret). */
@Entity
@Table(name = "access_token")
public class AccessToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    private AppUser user;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    @Column(name = "display_prefix", nullable = false, length = 16)
    private String displayPrefix;

    @Column(name = "workspace_id")
    private Long workspaceId;

    /** The scope's name, read with the row; the workspaces feature owns that table. */
    @Formula("(select w.name from workspace w where w.id = workspace_id)")
    private String workspaceName;

    @Enumerated(EnumType.STRING)
    @Column(name = "max_role", nullable = false, length = 20)
    private AppRole maxRole;

    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "job_name", length = 64)
    private String jobName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected AccessToken() {
    }

    public AccessToken(AppUser user, String name, String secretHash, String displayPrefix, Long workspaceId,
                       AppRole maxRole, Long jobId, String jobName, Instant createdAt, Instant expiresAt) {
        this.user = user;
        this.name = name;
        this.secretHash = secretHash;
        this.displayPrefix = displayPrefix;
        this.workspaceId = workspaceId;
        this.maxRole = maxRole;
        this.jobId = jobId;
        this.jobName = jobName;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Whether a request presenting this token at {@code now} is accepted (its user aside). */
    public boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public void usedAt(Instant now) {
        lastUsedAt = now;
    }

    public Long id() { return id; }
    public AppUser user() { return user; }
    public String name() { return name; }
    public String secretHash() { return secretHash; }
    public String displayPrefix() { return displayPrefix; }
    public Long workspaceId() { return workspaceId; }
    public String workspaceName() { return workspaceName; }
    public AppRole maxRole() { return maxRole; }
    public Long jobId() { return jobId; }
    public String jobName() { return jobName; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant revokedAt() { return revokedAt; }
}
