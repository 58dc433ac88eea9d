package dev.modelyard.artifacts;

/**
 * One line of a manifest a client sends to register a version from digests: where the file goes, its
 * SHA-256 ({@code sha256:<hex>} or bare hex) and its size. Nothing in it is trusted until checked.
 */
public record DeclaredFile(String path, String sha256, Long size) {
}
