package dev.modelyard.models;

import java.time.Instant;
import java.util.Map;

/** A version as a grid row or a list item shows it. */
public record VersionSummary(String name, int version, ModelType type, String description, Map<String, String> tags,
                             boolean archived, Instant createdAt, String createdBy, int fileCount, long totalBytes,
                             Instant updatedAt) {
}
