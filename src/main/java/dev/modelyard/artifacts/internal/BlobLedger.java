package dev.modelyard.artifacts.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
    public boolean claim(String sha256, long size, Long crc32) {
        Optional<BlobRecord> existing = blobs.findForUpdate(sha256);
        if (existing.isPresent()) {
            existing.get().claim(clock.instant());
            existing.get().knowCrc32(crc32);
            return existing.get().stored();
        }
        blobs.insertUnstored(sha256, size, clock.instant(), crc32);
        return false;
    }

    /**
     * Refreshes the claim on a blob whose bytes are stored, so cleanup spares it until a manifest references it;
     * returns its size, or empty when there is no such stored blob.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<Long> claimStored(String sha256) {
        return blobs.findForUpdate(sha256).filter(BlobRecord::stored).map(b -> {
            b.claim(clock.instant());
            return b.size();
        });
    }

    /** Which of these contents the ledger says are stored. */
    @Transactional(readOnly = true)
    public Set<String> storedAmong(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Set.of();
        }
        return blobs.findAllIn(sha256s).stream().filter(BlobRecord::stored).map(BlobRecord::sha256)
                .collect(Collectors.toSet());
    }

    /** Which of these contents have a row at all (stored or still being written). */
    @Transactional(readOnly = true)
    public Set<String> knownAmong(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Set.of();
        }
        return blobs.findAllIn(sha256s).stream().map(BlobRecord::sha256).collect(Collectors.toSet());
    }

    /** The CRC-32 recorded for each of these contents that has one. */
    @Transactional(readOnly = true)
    public Map<String, Long> crc32s(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new HashMap<>();
        blobs.findAllIn(sha256s).forEach(b -> {
            if (b.crc32() != null) {
                out.put(b.sha256(), b.crc32());
            }
        });
        return out;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void markStored(String sha256) {
        blobs.findForUpdate(sha256).ifPresent(b -> b.markStoredAt(null));
    }

    /** Marks the blob stored under {@code objectKey} (a streamed upload's key) instead of its hash key. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void markStoredAt(String sha256, String objectKey) {
        blobs.findForUpdate(sha256).ifPresent(b -> b.markStoredAt(objectKey));
    }

    /** The object key of a blob's bytes when it is not the hash key; empty for the hash key or no row. */
    @Transactional(readOnly = true)
    public Optional<String> objectKey(String sha256) {
        return blobs.findObjectKey(sha256);
    }

    /** Which of these object keys some blob's row names. */
    @Transactional(readOnly = true)
    public Set<String> namedKeys(Collection<String> keys) {
        return keys.isEmpty() ? Set.of() : Set.copyOf(blobs.findObjectKeysIn(keys));
    }
}
