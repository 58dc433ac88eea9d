package dev.modelyard.models.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.BatchSize;

/** One immutable registration; only description, tags and the archived flag change afterwards. */
@Entity
@Table(name = "model_version")
public class ModelVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "model_id")
    private RegisteredModel model;

    @Column(nullable = false)
    private int version;

    @Column(name = "model_type", nullable = false, length = 20)
    private String type;

    @Column(length = 10000)
    private String description;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "source_kind", nullable = false, length = 20)
    private String sourceKind;

    @Column(name = "source_job")
    private String sourceJob;

    @Column(name = "source_path", length = 1024)
    private String sourcePath;

    @Column(name = "manifest_id", nullable = false)
    private long manifestId;

    @Column(name = "file_count", nullable = false)
    private int fileCount;

    @Column(name = "total_bytes", nullable = false)
    private long totalBytes;

    @Column(name = "bytes_new", nullable = false)
    private long bytesNew;

    @Column(name = "bytes_reused", nullable = false)
    private long bytesReused;

    @Column(name = "format_json")
    private String formatJson;

    /** MLflow's stage label: None, Staging, Production or Archived (independent of {@link #archived}). */
    @Column(nullable = false, length = 20)
    private String stage = "None";

    /** The canonical source URI the version was registered from (MLflow's {@code source}), if any. */
    @Column(name = "source_uri", length = 1024)
    private String sourceUri;

    @Column(name = "run_id")
    private String runId;

    @Column(name = "run_link", length = 1024)
    private String runLink;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "version_tag", joinColumns = @JoinColumn(name = "version_id"))
    @MapKeyColumn(name = "tag_key")
    @BatchSize(size = 200)
    private Map<String, TagValue> tags = new HashMap<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "version_property", joinColumns = @JoinColumn(name = "version_id"))
    @MapKeyColumn(name = "prop_key")
    @Column(name = "prop_value", nullable = false, length = 5000)
    @BatchSize(size = 200)
    private Map<String, String> properties = new HashMap<>();

    protected ModelVersion() {
    }

    public ModelVersion(RegisteredModel model, int version, String type, VersionContent content, String createdBy,
                        Instant now) {
        this.model = model;
        this.version = version;
        this.type = type;
        this.description = content.description();
        this.sourceKind = content.sourceKind();
        this.sourceJob = content.sourceJob();
        this.sourcePath = content.sourcePath();
        this.manifestId = content.manifestId();
        this.fileCount = content.fileCount();
        this.totalBytes = content.totalBytes();
        this.bytesNew = content.bytesNew();
        this.bytesReused = content.bytesReused();
        this.formatJson = content.formatJson();
        this.sourceUri = content.sourceUri();
        this.runId = content.runId();
        this.runLink = content.runLink();
        content.tags().forEach((k, v) -> this.tags.put(k, TagValue.of(v)));
        this.properties.putAll(content.properties());
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Everything a version is created with, apart from its model and number. */
    public record VersionContent(String description, Map<String, String> tags, Map<String, String> properties,
                                 String sourceKind, String sourceJob, String sourcePath, long manifestId,
                                 int fileCount, long totalBytes, long bytesNew, long bytesReused, String formatJson,
                                 String sourceUri, String runId, String runLink) {
    }

    public void describe(String description, Instant now) {
        this.description = description;
        this.updatedAt = now;
    }

    public void replaceTags(Map<String, String> newTags, Instant now) {
        this.tags.clear();
        newTags.forEach((k, v) -> this.tags.put(k, TagValue.of(v)));
        this.updatedAt = now;
    }

    public void tag(String key, String value, Instant now) {
        tags.put(key, TagValue.of(value));
        this.updatedAt = now;
    }

    public boolean untag(String key, Instant now) {
        boolean removed = tags.remove(key) != null;
        if (removed) {
            this.updatedAt = now;
        }
        return removed;
    }

    public void moveToStage(String stage, Instant now) {
        this.stage = stage;
        this.updatedAt = now;
    }

    public void archive(boolean archived, Instant now) {
        this.archived = archived;
        this.updatedAt = now;
    }

    public Long id() { return id; }
    public RegisteredModel model() { return model; }
    public int version() { return version; }
    public String type() { return type; }
    public String description() { return description; }
    public boolean archived() { return archived; }
    public String sourceKind() { return sourceKind; }
    public String sourceJob() { return sourceJob; }
    public String sourcePath() { return sourcePath; }
    public long manifestId() { return manifestId; }
    public int fileCount() { return fileCount; }
    public long totalBytes() { return totalBytes; }
    public long bytesNew() { return bytesNew; }
    public long bytesReused() { return bytesReused; }
    public String formatJson() { return formatJson; }
    public String stage() { return stage; }
    public String sourceUri() { return sourceUri; }
    public String runId() { return runId; }
    public String runLink() { return runLink; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    /** Tag texts by key (a copy). */
    public Map<String, String> tags() {
        Map<String, String> texts = new HashMap<>();
        tags.forEach((k, v) -> texts.put(k, v.value()));
        return texts;
    }
    public Map<String, String> properties() { return properties; }
}
