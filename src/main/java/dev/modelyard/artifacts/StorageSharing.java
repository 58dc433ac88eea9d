package dev.modelyard.artifacts;

/**
 * How a manifest's bytes sit in storage.
 *
 * @param totalBytes  the size of all its files
 * @param uniqueBytes bytes of contents that no other manifest holds (what deleting it could free)
 * @param sharedBytes bytes of contents that other manifests hold too
 */
public record StorageSharing(long totalBytes, long uniqueBytes, long sharedBytes) {
}
