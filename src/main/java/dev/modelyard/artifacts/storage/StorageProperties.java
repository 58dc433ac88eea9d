package dev.modelyard.artifacts.storage;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage settings. {@code filesystem} (the default) keeps objects as files under the data directory;
 * {@code embedded} runs an S3-compatible server (S3Proxy) inside Modelyard over the same folder; {@code external}
 * talks to MinIO or any S3 endpoint. See docs/decisions/013-filesystem-blob-store.md.
 *
 * @param orphanGrace     how old an unreferenced blob must be before cleanup may delete it; must exceed the longest
 *                        registration, since a blob is claimed before upload and referenced only at commit
 * @param cleanupInterval how often the orphan cleanup runs (it also runs at start)
 * @param presignDownloads when set (e.g. {@code 5m}) and the store can presign, file downloads answer 302 to a
 *                        URL of the store valid that long, so clients read from the store directly
 * @param connectTimeout  how long to wait for the S3 server to accept a connection: an unreachable store fails
 *                        requests within this (docs/decisions/012-production-profile-and-backups.md)
 * @param readTimeout     how long the S3 server may stay silent inside one request before it fails
 * @param healthTimeout   how long the health check waits for the bucket probe before reporting storage DOWN
 */
@ConfigurationProperties("modelyard.storage")
@Validated
public record StorageProperties(
        @DefaultValue("filesystem") Mode mode,
        URI endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("us-east-1") String region,
        @NotBlank @DefaultValue("modelyard") String bucket,
        @DefaultValue("1h") Duration orphanGrace,
        @DefaultValue("15m") Duration cleanupInterval,
        Duration presignDownloads,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("2s") Duration healthTimeout) {

    public enum Mode { FILESYSTEM, EMBEDDED, EXTERNAL }
}
