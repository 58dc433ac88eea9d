package dev.modelyard.artifacts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

@Entity
@Table(name = "manifest_entry")
public class ManifestEntry {

    @Embeddable
    public record Key(@Column(name = "manifest_id") Long manifestId, @Column(name = "path", length = 1024) String path)
            implements Serializable {
    }

    @EmbeddedId
    private Key key;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "sha256", nullable = false, length = 64)
    private String sha256;

    @Column(name = "media_type", nullable = false)
    private String mediaType;

    protected ManifestEntry() {
    }

    public ManifestEntry(long manifestId, String path, long size, String sha256, String mediaType) {
        this.key = new Key(manifestId, path);
        this.size = size;
        this.sha256 = sha256;
        this.mediaType = mediaType;
    }

    public String path() {
        return key.path();
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public String mediaType() {
        return mediaType;
    }
}
