package dev.modelyard.artifacts;

import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.internal.GarbageSteps;
import dev.modelyard.artifacts.storage.BlobStat;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.StorageProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Mark and sweep over object storage. <b>Mark</b>: every manifest a version or job references (asked of each
 * {@link ManifestReferences}). <b>Sweep</b>, all older than the grace period ({@code modelyard.storage.orphan-grace}):
 * unreferenced manifests are deleted (the foreign keys refuse any that became referenced), objects found in the
 * bucket with no ledger row are given one, and then the ordinary locked blob sweep deletes every blob no manifest
 * references and nobody claimed within the grace period, plus incomplete multipart uploads. A registration of the
 * same content meanwhile refreshes the blob's claim first, so the sweep spares it; see docs/decisions/011.
 * One collection at a time; a dry run reports the same figures and changes nothing.
 */
@Service
public class StorageGc {

    private static final Pattern BLOB_KEY = Pattern.compile("blobs/sha256/([0-9a-f]{2})/(\\1[0-9a-f]{62})");

    private final List<ManifestReferences> holders;
    private final GarbageSteps steps;
    private final ArtifactService artifacts;
    private final BlobStore store;
    private final StorageProperties storage;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicReference<StorageGcReport> last = new AtomicReference<>();

    StorageGc(List<ManifestReferences> holders, GarbageSteps steps, ArtifactService artifacts, BlobStore store,
              StorageProperties storage, Clock clock) {
        this.holders = holders;
        this.steps = steps;
        this.artifacts = artifacts;
        this.store = store;
        this.storage = storage;
        this.clock = clock;
    }

    /** Collects garbage (or, dry run, reports what would go) with the configured grace period. ADMIN only. */
    @PreAuthorize("hasRole('ADMIN')")
    public StorageGcReport collect(boolean dryRun) {
        return collect(dryRun, storage.orphanGrace());
    }

    /** As {@link #collect(boolean)} with an explicit grace period; for tests and the scheduled sweep. */
    public StorageGcReport collect(boolean dryRun, Duration grace) {
        if (!running.tryLock()) {
            throw new dev.modelyard.base.ConflictException("a storage collection is running already; try again when it ends");
        }
        try {
            StorageGcReport report = dryRun ? dryRun(grace) : sweep(grace);
            last.set(report);
            return report;
        } finally {
            running.unlock();
        }
    }

    /** The last collection's report since this server started. ADMIN only. */
    @PreAuthorize("hasRole('ADMIN')")
    public Optional<StorageGcReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    private StorageGcReport dryRun(Duration grace) {
        Instant started = clock.instant();
        Instant cutoff = started.minus(grace);
        Set<Long> garbage = garbageManifests(cutoff);
        Map<String, Long> freed = steps.blobsFreedWith(garbage, cutoff);
        List<BlobStat> unledgered = unledgeredObjects(cutoff);
        return new StorageGcReport(true, started, clock.instant(), grace, garbage.size(), freed.size(),
                freed.values().stream().mapToLong(Long::longValue).sum(), unledgered.size(),
                unledgered.stream().mapToLong(BlobStat::size).sum(), 0, 0);
    }

    private StorageGcReport sweep(Duration grace) {
        Instant started = clock.instant();
        Instant cutoff = started.minus(grace);
        int manifests = 0;
        int spared = 0;
        for (long id : garbageManifests(cutoff)) {
            if (steps.deleteManifest(id)) {
                manifests++;
            } else {
                spared++;
            }
        }
        int adopted = 0;
        long adoptedBytes = 0;
        for (BlobStat object : unledgeredObjects(cutoff)) {
            if (steps.adopt(sha256Of(object.key()), object.size(), object.lastModified())) {
                adopted++;
                adoptedBytes += object.size();
            }
        }
        CleanupReport blobs = artifacts.cleanup(grace);
        int uploads = store.abortIncompleteUploads(cutoff);
        return new StorageGcReport(false, started, clock.instant(), grace, manifests,
                blobs.blobsDeleted(), blobs.bytesFreed(), adopted, adoptedBytes, uploads, spared);
    }

    /** Manifests older than the cutoff that no holder references: the mark. */
    private Set<Long> garbageManifests(Instant cutoff) {
        Set<Long> marked = new HashSet<>();
        holders.forEach(h -> marked.addAll(h.referencedManifests()));
        Set<Long> garbage = new HashSet<>();
        for (long id : steps.manifestsCreatedBefore(cutoff)) {
            if (!marked.contains(id)) {
                garbage.add(id);
            }
        }
        return garbage;
    }

    /** Objects under the blob prefix, written before the cutoff, that the ledger has no row for. */
    private List<BlobStat> unledgeredObjects(Instant cutoff) {
        List<BlobStat> old = new ArrayList<>();
        store.list(BlobKeys.PREFIX, stat -> {
            if (BLOB_KEY.matcher(stat.key()).matches() && stat.lastModified().isBefore(cutoff)) {
                old.add(stat);
            }
        });
        List<BlobStat> unledgered = new ArrayList<>();
        for (int i = 0; i < old.size(); i += 500) {
            List<BlobStat> chunk = old.subList(i, Math.min(old.size(), i + 500));
            Set<String> rows = steps.rowsAmong(chunk.stream().map(s -> sha256Of(s.key())).toList());
            chunk.stream().filter(s -> !rows.contains(sha256Of(s.key()))).forEach(unledgered::add);
        }
        return unledgered;
    }

    private static String sha256Of(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
