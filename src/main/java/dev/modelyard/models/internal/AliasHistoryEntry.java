package dev.modelyard.models.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of alias_history: an alias of a model was set or moved to {@code version}, or deleted (null). */
@Entity
@Table(name = "alias_history")
public class AliasHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "model_id", nullable = false)
    private long modelId;

    @Column(nullable = false)
    private String alias;

    private Integer version;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    @Column(name = "changed_by", nullable = false, length = 64)
    private String changedBy;

    protected AliasHistoryEntry() {
    }

    public AliasHistoryEntry(long modelId, String alias, Integer version, Instant changedAt, String changedBy) {
        this.modelId = modelId;
        this.alias = alias;
        this.version = version;
        this.changedAt = changedAt;
        this.changedBy = changedBy;
    }

    public String alias() { return alias; }
    public Integer version() { return version; }
    public Instant changedAt() { return changedAt; }
    public String changedBy() { return changedBy; }
}
