package dev.modelyard.azureml.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An Azure ML code version: a folder of uploaded blobs that a job's code snapshot is made from. */
@Entity
@Table(name = "azureml_code")
public class CodeAsset {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, length = 64)
    private String version;

    @Column(nullable = false, length = 63)
    private String container;

    @Column(name = "blob_prefix", nullable = false, length = 1024)
    private String blobPrefix;

    @Column(name = "code_uri", nullable = false, length = 2048)
    private String codeUri;

    @Column(name = "hash_sha256", length = 128)
    private String hashSha256;

    @Column(name = "properties_json", nullable = false, length = 8000)
    private String propertiesJson;

    @Column(length = 2000)
    private String description;

    @Column(nullable = false)
    private boolean anonymous;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CodeAsset() {
    }

    public CodeAsset(long workspaceId, String name, String version, String container, String blobPrefix, String codeUri,
                     String hashSha256, String propertiesJson, String description, boolean anonymous, String createdBy,
                     Instant now) {
        this.workspaceId = workspaceId;
        this.name = name;
        this.version = version;
        this.container = container;
        this.blobPrefix = blobPrefix;
        this.codeUri = codeUri;
        this.hashSha256 = hashSha256;
        this.propertiesJson = propertiesJson;
        this.description = description;
        this.anonymous = anonymous;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public String name() { return name; }
    public String version() { return version; }
    public String container() { return container; }
    public String blobPrefix() { return blobPrefix; }
    public String codeUri() { return codeUri; }
    public String hashSha256() { return hashSha256; }
    public String propertiesJson() { return propertiesJson; }
    public String description() { return description; }
    public boolean anonymous() { return anonymous; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
}
