package dev.modelyard.audit.internal;

import org.springframework.data.repository.Repository;

/**
 * Insert only: a plain {@link Repository} exposes no update or delete, and an entry is built without an id, so
 * {@code save} always inserts. Reads go through {@link AuditQueries}. ArchitectureTest keeps it that way.
 */
public interface AuditEntryRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);
}
