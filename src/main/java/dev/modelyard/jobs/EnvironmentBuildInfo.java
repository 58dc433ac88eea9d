package dev.modelyard.jobs;

import java.time.Instant;

/**
 * The current build of a spec hash: shared by every environment version with that spec.
 *
 * @param error         pip's error lines when Failed
 * @param removedReason why a removed build is gone (deleted by whom, or evicted to stay under the disk cap)
 */
public record EnvironmentBuildInfo(long id, String hash, EnvironmentBuildStatus status, String error, Long sizeBytes,
                                   Instant startedAt, Instant endedAt, Instant lastUsedAt, String removedReason) {
}
