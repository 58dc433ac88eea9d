package dev.modelyard.backups;

import java.time.Instant;

/**
 * One finished backup: a folder under the backup directory with the database ({@code database.zip}), every object
 * the database references ({@code objects/}) and {@code backup.json} (this record).
 *
 * @param versions model versions in the backup; all of them had been acknowledged when it began
 */
public record BackupInfo(String name, Instant createdAt, long sizeBytes, long databaseBytes, long objects,
                         long objectBytes, long versions) {
}
