package dev.modelyard.azureml;

import java.time.Instant;
import java.util.Map;

/** One uploaded blob as the blob subset answers it. {@code contentMd5} is base64, as Azure sends it. */
public record BlobInfo(String container, String path, long size, String sha256, String contentMd5, String contentType,
                       Map<String, String> metadata, Instant createdAt, Instant lastModified, long manifestId) {

    public String etag() {
        return "\"0x" + sha256.substring(0, 12).toUpperCase() + Long.toHexString(lastModified.toEpochMilli()).toUpperCase() + "\"";
    }
}
