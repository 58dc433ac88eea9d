package dev.modelyard.azureml.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A workspace's blob account key: what listSecrets hands out and SharedKey signatures are checked with. */
@Entity
@Table(name = "azureml_storage_key")
public class StorageKey {

    @Id
    @Column(name = "workspace_id")
    private Long workspaceId;

    @Column(name = "account_key", nullable = false, length = 100)
    private String accountKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StorageKey() {
    }

    public StorageKey(long workspaceId, String accountKey, Instant now) {
        this.workspaceId = workspaceId;
        this.accountKey = accountKey;
        this.createdAt = now;
    }

    public String accountKey() { return accountKey; }
}
