package dev.modelyard.jobs;

/**
 * A file a job left that Modelyard refused to store, by its name exactly as the job wrote it (JSON-escaped on the
 * wire), and why: a name that cannot be stored as it is, a link, a breached cap, something that is not a file.
 */
public record NotStoredFile(String path, String reason) {
}
