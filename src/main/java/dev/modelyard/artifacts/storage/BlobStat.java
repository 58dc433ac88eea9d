package dev.modelyard.artifacts.storage;

import java.time.Instant;

/** What the object store knows about one object. */
public record BlobStat(String key, long size, Instant lastModified) {
}
