package dev.modelyard.artifacts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A set of files by path; its entries point at blobs. Versions and job outputs each hold one. */
@Entity
@Table(name = "manifest")
public class Manifest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "file_count", nullable = false)
    private int fileCount;

    @Column(name = "total_bytes", nullable = false)
    private long totalBytes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Manifest() {
    }

    public Manifest(int fileCount, long totalBytes, Instant createdAt) {
        this.fileCount = fileCount;
        this.totalBytes = totalBytes;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }
}
