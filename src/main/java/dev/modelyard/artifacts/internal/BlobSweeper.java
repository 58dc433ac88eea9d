package dev.modelyard.artifacts.internal;

import dev.modelyard.artifacts.storage.BlobStore;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes blobs that no manifest references and nobody claimed since the cutoff. Each deletion holds the
 * blob's row lock while the object is removed, so a registration claiming the same content waits and then
 * finds no row and uploads afresh; it never reuses an object that is being deleted.
 */
@Component
public class BlobSweeper {

    private final BlobRecordRepository blobs;
    private final BlobStore store;

    BlobSweeper(BlobRecordRepository blobs, BlobStore store) {
        this.blobs = blobs;
        this.store = store;
    }

    @Transactional(readOnly = true)
    public List<String> candidates(Instant cutoff, int max) {
        return blobs.findUnreferencedClaimedBefore(cutoff, Limit.of(max));
    }

    /** Deletes one blob if it is still an orphan; returns the bytes freed (0 if it was spared). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long deleteIfOrphan(String sha256, Instant cutoff) {
        return blobs.findForUpdate(sha256)
                .filter(b -> b.lastClaimedAt().isBefore(cutoff))
                .filter(b -> !blobs.isReferenced(sha256))
                .map(b -> {
                    store.delete(b.objectKey());
                    blobs.delete(b);
                    return b.size();
                })
                .orElse(0L);
    }
}
