package dev.modelyard.artifacts.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The garbage collector's short transactions, each committed on its own (see docs/decisions/011). */
@Component
public class GarbageSteps {

    private final ManifestRepository manifests;
    private final ManifestEntryRepository entries;
    private final BlobRecordRepository blobs;

    GarbageSteps(ManifestRepository manifests, ManifestEntryRepository entries, BlobRecordRepository blobs) {
        this.manifests = manifests;
        this.entries = entries;
        this.blobs = blobs;
    }

    @Transactional(readOnly = true)
    public List<Long> manifestsCreatedBefore(Instant cutoff) {
        return manifests.findIdsCreatedBefore(cutoff);
    }

    /**
     * Deletes one manifest and its entries in a transaction of its own (the repository's); false when a version or
     * job references it: the foreign key says no.
     */
    public boolean deleteManifest(long id) {
        try {
            return manifests.deleteManifest(id) > 0;
        } catch (DataIntegrityViolationException referenced) {
            return false;
        }
    }

    /**
     * Dry run: the blobs (sha256 → size) that a sweep would delete once {@code garbage} manifests are gone — claimed
     * before the cutoff and referenced by no other manifest.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, Long> blobsFreedWith(Set<Long> garbage, Instant cutoff) {
        java.util.Map<String, Long> freed = new java.util.HashMap<>();
        for (String sha : blobs.findUnreferencedClaimedBefore(cutoff, Limit.unlimited())) {
            blobs.findById(sha).ifPresent(b -> freed.put(sha, b.size()));
        }
        for (long id : garbage) {
            for (String sha : entries.distinctShasOf(id)) {
                if (freed.containsKey(sha)) {
                    continue;
                }
                Optional<BlobRecord> blob = blobs.findById(sha);
                if (blob.isPresent() && blob.get().lastClaimedAt().isBefore(cutoff)
                        && garbage.containsAll(entries.manifestIdsOf(sha))) {
                    freed.put(sha, blob.get().size());
                }
            }
        }
        return freed;
    }

    @Transactional(readOnly = true)
    public boolean hasRow(String sha256) {
        return blobs.existsById(sha256);
    }

    @Transactional(readOnly = true)
    public Set<String> rowsAmong(Collection<String> sha256s) {
        return new java.util.HashSet<>(blobs.findAllById(sha256s).stream().map(BlobRecord::sha256).toList());
    }

    /**
     * Gives an object found without a ledger row a row, stored and last claimed when the object was written, so the
     * ordinary locked sweep decides its fate; false when a registration created the row first (it claims it then).
     */
    public boolean adopt(String sha256, long size, Instant modified) {
        if (blobs.existsById(sha256)) {
            return false;
        }
        try {
            blobs.insertAdopted(sha256, size, modified);
            return true;
        } catch (DataIntegrityViolationException concurrentClaim) {
            return false;
        }
    }
}
