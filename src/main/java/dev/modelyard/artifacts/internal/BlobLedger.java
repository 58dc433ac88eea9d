package dev.modelyard.artifacts.internal;

import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The blob table's short transactions, each committed on its own so that a claim is visible to the
 * orphan cleanup before any upload starts. See docs/decisions/002-storage-layout.md.
 */
@Component
public class BlobLedger {

    private final BlobRecordRepository blobs;
    private final Clock clock;

    BlobLedger(BlobRecordRepository blobs, Clock clock) {
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * Refreshes the claim on a blob, creating its row when new. Returns whether the row says its bytes are
     * stored. A concurrent first claim of the same content surfaces as DataIntegrityViolationException: retry.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean claim(String sha256, long size) {
        Optional<BlobRecord> existing = blobs.findForUpdate(sha256);
        if (existing.isPresent()) {
            existing.get().claim(clock.instant());
            return existing.get().stored();
        }
        blobs.insertUnstored(sha256, size, clock.instant());
        return false;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void markStored(String sha256) {
        blobs.findForUpdate(sha256).ifPresent(BlobRecord::markStored);
    }
}
