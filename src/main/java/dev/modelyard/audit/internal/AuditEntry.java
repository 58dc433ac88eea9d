package dev.modelyard.audit.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One audit entry. Immutable by construction (no setters) and to Hibernate ({@link Immutable}: changes to a
 * loaded entry are never flushed), so history cannot be rewritten through the entity.
 */
@Entity
@Immutable
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 64)
    private String actor;

    @Column(nullable = false, length = 300)
    private String via;

    @Column(name = "workspace_id")
    private Long workspaceId;

    @Column(nullable = false, length = 100)
    private String action;

    @Column(nullable = false, length = 600)
    private String target;

    @Column(name = "before_json", length = 200_000)
    private String beforeJson;

    @Column(name = "after_json", length = 200_000)
    private String afterJson;

    @Column(name = "client_address", length = 64)
    private String clientAddress;

    protected AuditEntry() {
    }

    public AuditEntry(Instant at, String actor, String via, Long workspaceId, String action, String target,
                      String beforeJson, String afterJson, String clientAddress) {
        this.at = at;
        this.actor = actor;
        this.via = via;
        this.workspaceId = workspaceId;
        this.action = action;
        this.target = target;
        this.beforeJson = beforeJson;
        this.afterJson = afterJson;
        this.clientAddress = clientAddress;
    }

    public Long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String via() {
        return via;
    }

    public Long workspaceId() {
        return workspaceId;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public String beforeJson() {
        return beforeJson;
    }

    public String afterJson() {
        return afterJson;
    }

    public String clientAddress() {
        return clientAddress;
    }
}
