package dev.modelyard.azureml.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A block staged by Put Block, waiting for the Put Block List that names it. */
@Entity
@Table(name = "azureml_block")
public class StoredBlock {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false)
    private long workspaceId;

    @Column(nullable = false, length = 63)
    private String container;

    @Column(name = "blob_path", nullable = false, length = 1024)
    private String blobPath;

    @Column(name = "block_id", nullable = false, length = 128)
    private String blockId;

    @Column(name = "manifest_id", nullable = false)
    private long manifestId;

    @Column(nullable = false)
    private long size;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredBlock() {
    }

    public StoredBlock(long workspaceId, String container, String blobPath, String blockId, long manifestId, long size,
                       Instant now) {
        this.workspaceId = workspaceId;
        this.container = container;
        this.blobPath = blobPath;
        this.blockId = blockId;
        this.manifestId = manifestId;
        this.size = size;
        this.createdAt = now;
    }

    public String blockId() { return blockId; }
    public long manifestId() { return manifestId; }
    public long size() { return size; }
}
