package dev.modelyard.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One version of an environment; its spec is stored as JSON and never changes. */
@Entity
@Table(name = "environment")
public class EnvironmentAsset {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private int version;

    @Column(length = 2000)
    private String description;

    @Column(name = "spec_json", nullable = false, length = 20000)
    private String specJson;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The EnvironmentDefinition of a built version; null for an environment the host provides. */
    @Column(name = "definition_json", length = 400000)
    private String definitionJson;

    /** The build key of a built version; null for an environment the host provides. */
    @Column(name = "build_hash", length = 64)
    private String buildHash;

    protected EnvironmentAsset() {
    }

    public EnvironmentAsset(long workspaceId, String name, int version, String description, String specJson,
                            String createdBy, Instant now) {
        this.workspaceId = workspaceId;
        this.name = name;
        this.version = version;
        this.description = description;
        this.specJson = specJson;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    /** A version built from a spec (issue 15). */
    public EnvironmentAsset built(String definitionJson, String buildHash) {
        this.definitionJson = definitionJson;
        this.buildHash = buildHash;
        return this;
    }

    public Long id() { return id; }
    public long workspaceId() { return workspaceId; }
    public String createdBy() { return createdBy; }
    public String definitionJson() { return definitionJson; }
    public String buildHash() { return buildHash; }
    public String name() { return name; }
    public int version() { return version; }
    public String description() { return description; }
    public String specJson() { return specJson; }
    public Instant createdAt() { return createdAt; }
}
