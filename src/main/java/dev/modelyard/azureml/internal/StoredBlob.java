package dev.modelyard.azureml.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One blob the SDK uploaded: its bytes are a content-addressed file bound by a manifest of its own. */
@Entity
@Table(name = "azureml_blob")
public class StoredBlob {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false, length = 63)
    private String container;

    @Column(name = "blob_path", nullable = false, length = 1024)
    private String blobPath;

    @Column(name = "manifest_id", nullable = false)
    private long manifestId;

    @Column(nullable = false)
    private long size;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "content_md5", length = 40)
    private String contentMd5;

    @Column(name = "content_type")
    private String contentType;

    @Column(name = "metadata_json", nullable = false, length = 8000)
    private String metadataJson;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StoredBlob() {
    }

    public StoredBlob(long workspaceId, String container, String blobPath, Instant now) {
        this.workspaceId = workspaceId;
        this.container = container;
        this.blobPath = blobPath;
        this.createdAt = now;
    }

    /** Points the blob at new content (a Put Blob over an existing one). */
    public void content(long manifestId, long size, String sha256, String contentMd5, String contentType,
                        String metadataJson, Instant now) {
        this.manifestId = manifestId;
        this.size = size;
        this.sha256 = sha256;
        this.contentMd5 = contentMd5;
        this.contentType = contentType;
        this.metadataJson = metadataJson;
        this.updatedAt = now;
    }

    public void metadata(String metadataJson, Instant now) {
        this.metadataJson = metadataJson;
        this.updatedAt = now;
    }

    public Long id() { return id; }
    public long workspaceId() { return workspaceId; }
    public String container() { return container; }
    public String blobPath() { return blobPath; }
    public long manifestId() { return manifestId; }
    public long size() { return size; }
    public String sha256() { return sha256; }
    public String contentMd5() { return contentMd5; }
    public String contentType() { return contentType; }
    public String metadataJson() { return metadataJson; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
