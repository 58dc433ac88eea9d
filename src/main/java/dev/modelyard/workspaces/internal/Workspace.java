package dev.modelyard.workspaces.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

@Entity
@Table(name = "workspace")
public class Workspace {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(length = 2000)
    private String description;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Workspace() {
    }

    public Workspace(String name, String displayName, String description, String createdBy, Instant createdAt) {
        this.name = name;
        this.nameKey = keyOf(name);
        this.displayName = displayName;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public void describe(String newDisplayName, String newDescription) {
        this.displayName = newDisplayName;
        this.description = newDescription;
    }

    public Long id() { return id; }
    public String name() { return name; }
    public String displayName() { return displayName; }
    public String description() { return description; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
}
