package dev.modelyard.models.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

@Entity
@Table(name = "registered_model")
public class RegisteredModel {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(length = 10000)
    private String description;

    /** Only grows: see docs/decisions/003-version-allocation.md. */
    @Column(name = "next_version", nullable = false)
    private int nextVersion;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The newest version, archived or not; kept under this row's lock (docs/decisions/008). */
    @Column(name = "latest_version_id")
    private Long latestVersionId;

    /** The newest version that is not archived, null when none is; kept under this row's lock. */
    @Column(name = "latest_active_version_id")
    private Long latestActiveVersionId;

    protected RegisteredModel() {
    }

    public RegisteredModel(long workspaceId, String name, String createdBy, Instant now) {
        this.workspaceId = workspaceId;
        this.name = name;
        this.nameKey = keyOf(name);
        this.nextVersion = 1;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Names are unique regardless of case; this is the form the unique constraint sees. */
    public static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Hands out the next number. Call only while holding this row's lock. */
    public int allocateNextVersion() {
        return nextVersion++;
    }

    /** The number {@link #allocateNextVersion} would hand out now, without taking it. */
    public int peekNextVersion() {
        return nextVersion;
    }

    /** Records an explicitly chosen number so automatic numbering continues after it. */
    public void reserveVersion(int version) {
        nextVersion = Math.max(nextVersion, version + 1);
    }

    /** A version was just created under this row's lock: it is now the newest, and the newest active one. */
    public void versionCreated(long versionId) {
        this.latestVersionId = versionId;
        this.latestActiveVersionId = versionId;
    }

    /** After versions were archived or restored under this row's lock: the newest active one (null: none). */
    public void newestActiveVersionIs(Long versionId) {
        this.latestActiveVersionId = versionId;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public void describe(String description, Instant now) {
        this.description = description;
        this.updatedAt = now;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
