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

    protected RegisteredModel() {
    }

    public RegisteredModel(String name, String createdBy, Instant now) {
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
