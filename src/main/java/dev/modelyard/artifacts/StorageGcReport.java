package dev.modelyard.artifacts;

import java.time.Duration;
import java.time.Instant;

/**
 * What one garbage collection freed, or (dry run) would free.
 *
 * @param manifests          manifests no version or job references (older than the grace period)
 * @param blobs              stored contents no remaining manifest references, including the manifests' above
 * @param bytes              their bytes
 * @param unledgeredObjects  objects in the bucket with no ledger row (a crash between put and record), old enough
 * @param unledgeredBytes    their bytes
 * @param incompleteUploads  multipart uploads never completed, old enough
 * @param spared             candidates left alone because something claimed or referenced them meanwhile
 */
public record StorageGcReport(boolean dryRun, Instant startedAt, Instant finishedAt, Duration grace, int manifests,
                              int blobs, long bytes, int unledgeredObjects, long unledgeredBytes,
                              int incompleteUploads, int spared) {

    /** All bytes freed (or that would be). */
    public long totalBytes() {
        return bytes + unledgeredBytes;
    }
}
