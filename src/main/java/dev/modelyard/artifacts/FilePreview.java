package dev.modelyard.artifacts;

/**
 * The beginning of a text file, decoded as UTF-8.
 *
 * @param truncated true when the file is longer than what {@code text} holds
 */
public record FilePreview(String path, String mediaType, long size, String text, boolean truncated) {
}
