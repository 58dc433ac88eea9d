package dev.modelyard.models;

import dev.modelyard.models.formats.FormatInfo;
import java.time.Instant;
import java.util.Map;

/**
 * One version as a page and the API show it (the ModelVersion JSON of docs api-v1.md).
 *
 * @param storage what the registration that created this version wrote to storage
 * @param format  the parsed format information of its type; {@code {}} for custom models
 */
public record ModelVersionDetails(String name, int version, ModelType type, String description,
                                  Map<String, String> tags, Map<String, String> properties, boolean archived,
                                  Instant createdAt, String createdBy, Instant updatedAt, VersionSource source,
                                  FileStats files, StorageStats storage, FormatInfo format) {

    public record FileStats(int count, long bytes) {
    }

    public record StorageStats(long bytesNew, long bytesReused) {
    }

    /** {@code name:version}, the reference that names exactly this version. */
    public String reference() {
        return name + ":" + version;
    }
}
