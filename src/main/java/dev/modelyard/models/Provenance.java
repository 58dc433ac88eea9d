package dev.modelyard.models;

/**
 * Where a version came from beyond its files: the canonical reference it was registered from and the run
 * (a job) that produced it. All null for uploads.
 */
public record Provenance(String sourceUri, String runId, String runLink) {

    public static final Provenance NONE = new Provenance(null, null, null);
}
