package dev.modelyard.artifacts;

/**
 * One file of a staged upload.
 *
 * @param path      canonical relative path, '/'-separated, NFC
 * @param size      length in bytes
 * @param sha256    SHA-256 of the content, lowercase hex
 * @param mediaType media type guessed from the file name
 * @param crc32     CRC-32 of the content, computed while staging (zips write it without re-reading the file)
 */
public record StagedFile(String path, long size, String sha256, String mediaType, long crc32) {
}
