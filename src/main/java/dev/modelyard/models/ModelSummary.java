package dev.modelyard.models;

import java.time.Instant;

/** A model in a list, with the version that represents it (the latest one the filter allows). */
public record ModelSummary(String name, String description, Instant updatedAt, VersionSummary latestVersion) {
}
