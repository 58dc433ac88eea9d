package dev.modelyard.artifacts;

/** One file of a manifest: where it sits in the version, how big it is, and its content hash. */
public record ArtifactFile(String path, long size, String sha256, String mediaType) {
}
