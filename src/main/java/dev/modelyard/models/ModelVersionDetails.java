package dev.modelyard.models;

import dev.modelyard.models.formats.FormatInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version as a page and the API show it (the ModelVersion JSON of docs/api-v1.md).
 *
 * @param storage what the registration that created this version wrote to storage
 * @param format  the parsed format information of its type; {@code {}} for custom models
 * @param stage   MLflow's stage label (None, Staging, Production, Archived); independent of {@code archived}
 * @param aliases the aliases that point at this version, sorted
 * @param sourceUri the canonical reference it was registered from ({@code runs:/…}, {@code azureml://…}), or null
 * @param runId   the run (job) that produced it, or null
 * @param runLink a link to that run given at registration, or null
 */
public record ModelVersionDetails(String name, int version, ModelType type, String description,
                                  Map<String, String> tags, Map<String, String> properties, boolean archived,
                                  Instant createdAt, String createdBy, Instant updatedAt, VersionSource source,
                                  FileStats files, StorageStats storage, FormatInfo format, String stage,
                                  List<String> aliases, String sourceUri, String runId, String runLink) {

    public record FileStats(int count, long bytes) {
    }

    public record StorageStats(long bytesNew, long bytesReused) {
    }

    /** {@code name:version}, the reference that names exactly this version. */
    public String reference() {
        return name + ":" + version;
    }
}
