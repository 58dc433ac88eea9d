package dev.modelyard.artifacts;

/**
 * One file of a staged upload.
 *
 * @param path      canonical relative path, '/'-separated, NFC
 * @param size      length in bytes
 * @param sha256    SHA-256 of the content, lowercase hex
 * @param mediaType media type guessed from the file name
 */
public record StagedFile(String path, long size, String sha256, String mediaType) {
}
