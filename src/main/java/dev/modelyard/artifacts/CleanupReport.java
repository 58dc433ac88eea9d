package dev.modelyard.artifacts;

/** What one orphan cleanup removed. */
public record CleanupReport(int blobsDeleted, long bytesFreed, int stagingDirsDeleted) {
}
