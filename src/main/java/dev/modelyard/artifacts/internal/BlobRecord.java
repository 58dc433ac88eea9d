package dev.modelyard.artifacts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One distinct content in the object store. See docs/decisions/002-storage-layout.md. */
@Entity
@Table(name = "blob")
public class BlobRecord {

    @Id
    @Column(name = "sha256", length = 64)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(nullable = false)
    private boolean stored;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_claimed_at", nullable = false)
    private Instant lastClaimedAt;

    @Column(name = "crc32")
    private Long crc32;

    /** Null when the object is at {@link BlobKeys#forSha256}; else where a streamed upload left it. */
    @Column(name = "object_key", length = 200)
    private String objectKey;

    protected BlobRecord() {
    }

    public String sha256() {
        return sha256;
    }

    public long size() {
        return size;
    }

    public boolean stored() {
        return stored;
    }

    public Instant lastClaimedAt() {
        return lastClaimedAt;
    }

    public void claim(Instant now) {
        this.lastClaimedAt = now;
    }

    public Long crc32() {
        return crc32;
    }

    /** Records the CRC-32 once known; a blob stored before CRCs were kept gets it on its next upload. */
    public void knowCrc32(Long crc32) {
        if (this.crc32 == null && crc32 != null) {
            this.crc32 = crc32;
        }
    }

    public void markStored() {
        this.stored = true;
    }

    /** Marks the bytes stored at {@code key} (null: the hash key). */
    public void markStoredAt(String key) {
        this.stored = true;
        this.objectKey = key;
    }

    /** The object store key of the bytes. */
    public String objectKey() {
        return objectKey != null ? objectKey : BlobKeys.forSha256(sha256);
    }
}
