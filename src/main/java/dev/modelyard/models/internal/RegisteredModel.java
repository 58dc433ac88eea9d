package dev.modelyard.models.internal;

import jakarta.persistence.CollectionTable;
import dev.modelyard.base.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.hibernate.annotations.BatchSize;
import java.util.OptionalInt;

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
    private long nextVersion;

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

    /** Model-level tags (MLflow's registered-model tags), beside each version's own. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "model_tag", joinColumns = @JoinColumn(name = "model_id"))
    @MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false, length = 500)
    @BatchSize(size = 200)
    private Map<String, String> tags = new HashMap<>();

    /** Alias → version number; every change is also written to alias_history by the alias service. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "model_alias", joinColumns = @JoinColumn(name = "model_id"))
    @MapKeyColumn(name = "alias")
    @Column(name = "version", nullable = false)
    @BatchSize(size = 200)
    private Map<String, Integer> aliases = new HashMap<>();

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

    /**
     * Hands out the next number. Call only while holding this row's lock. Numbers end at {@link Integer#MAX_VALUE}:
     * after that one is used, every further registration is refused, never given a negative or reused number.
     */
    public int allocateNextVersion() {
        if (nextVersion > Integer.MAX_VALUE) {
            throw new ConflictException("model '" + name + "' has used every version number up to "
                    + Integer.MAX_VALUE + "; register under a new name");
        }
        return (int) nextVersion++;
    }

    /** The number {@link #allocateNextVersion} would hand out now, without taking it; empty when none is left. */
    public OptionalInt peekNextVersion() {
        return nextVersion > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) nextVersion);
    }

    /** Records an explicitly chosen number so automatic numbering continues after it. */
    public void reserveVersion(int version) {
        nextVersion = Math.max(nextVersion, (long) version + 1);
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

    /** After versions were deleted under this row's lock: the newest version and the newest active one. */
    public void latestVersionsAre(Long latest, Long latestActive) {
        this.latestVersionId = latest;
        this.latestActiveVersionId = latestActive;
    }

    /** Renames the model; the caller holds this row's lock and has checked the new name. */
    public void rename(String newName, Instant now) {
        this.name = newName;
        this.nameKey = keyOf(newName);
        this.updatedAt = now;
    }

    /** Tag texts by key (the live map: change it only through the methods below). */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    public void setTag(String key, String value, Instant now) {
        tags.put(key, value);
        updatedAt = now;
    }

    public boolean removeTag(String key, Instant now) {
        boolean removed = tags.remove(key) != null;
        if (removed) {
            updatedAt = now;
        }
        return removed;
    }

    public Map<String, Integer> aliases() {
        return Map.copyOf(aliases);
    }

    /** Points {@code alias} at {@code version}, or removes it when {@code version} is null. */
    public void pointAlias(String alias, Integer version) {
        if (version == null) {
            aliases.remove(alias);
        } else {
            aliases.put(alias, version);
        }
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }

    /** The id of the newest version (archived or not); null without versions. */
    public Long latestVersionId() {
        return latestVersionId;
    }

    /** The id of the newest version that is not archived; null when there is none. */
    public Long latestActiveVersionId() {
        return latestActiveVersionId;
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
