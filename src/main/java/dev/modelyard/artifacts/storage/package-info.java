/**
 * The one storage SPI ({@link dev.modelyard.artifacts.storage.BlobStore}) and its MinIO-SDK implementation,
 * plus the embedded S3-compatible server used when no external endpoint is configured.
 * See docs/decisions/002-storage-layout.md.
 */
package dev.modelyard.artifacts.storage;
