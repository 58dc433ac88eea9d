package dev.modelyard.models;

import java.time.Instant;
import java.util.Map;

/**
 * One registered model.
 *
 * @param latestVersion the newest non-archived version, null when every version is archived
 * @param tags          the tags of that latest version
 */
public record ModelDetails(String name, String description, Instant createdAt, String createdBy, Instant updatedAt,
                           Integer latestVersion, ModelType latestType, long versionCount, boolean archived,
                           Map<String, String> tags) {
}
