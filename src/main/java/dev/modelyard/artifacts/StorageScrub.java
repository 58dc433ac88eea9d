package dev.modelyard.artifacts;

import dev.modelyard.artifacts.internal.BlobRecord;
import dev.modelyard.artifacts.internal.BlobRecordRepository;
import dev.modelyard.artifacts.internal.ManifestEntryRepository;
import dev.modelyard.artifacts.storage.BlobNotFoundException;
import dev.modelyard.artifacts.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Re-reads every object the ledger says is stored and checks its bytes against the hash that is its name. Objects
 * are content-addressed, so a mismatch is damage, never an update (docs/decisions/012).
 */
@Service
public class StorageScrub {

    private static final int PAGE = 500;
    private static final int EXAMPLE_PATHS = 5;

    private final BlobRecordRepository blobs;
    private final ManifestEntryRepository entries;
    private final BlobStore store;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    StorageScrub(BlobRecordRepository blobs, ManifestEntryRepository entries, BlobStore store, Clock clock) {
        this.blobs = blobs;
        this.entries = entries;
        this.store = store;
        this.clock = clock;
    }

    /** Reads every stored object once; one scrub at a time (a second caller gets a conflict). */
    @PreAuthorize("hasRole('ADMIN')")
    public ScrubReport scrub() {
        if (!running.tryLock()) {
            throw new dev.modelyard.base.ConflictException("a scrub is running already; try again when it has finished");
        }
        try {
            return scrubAll();
        } finally {
            running.unlock();
        }
    }

    private ScrubReport scrubAll() {
        Instant started = clock.instant();
        long checked = 0;
        long bytes = 0;
        int missing = 0;
        int corrupt = 0;
        List<ScrubReport.Problem> problems = new ArrayList<>();
        String after = "";
        List<BlobRecord> page;
        do {
            page = blobs.findStoredAfter(after, Limit.of(PAGE));
            for (BlobRecord blob : page) {
                after = blob.sha256();
                Check check = check(blob);
                if (check == null) {
                    continue; // deleted by the cleanup meanwhile: nothing references it
                }
                checked++;
                bytes += check.bytes;
                if (check.problem != null) {
                    if (check.problem.equals("missing")) {
                        missing++;
                    } else {
                        corrupt++;
                    }
                    if (problems.size() < ScrubReport.MAX_LISTED) {
                        problems.add(new ScrubReport.Problem(blob.sha256(), check.problem, check.detail,
                                entries.countBySha256(blob.sha256()),
                                entries.findPathsBySha256(blob.sha256(), Limit.of(EXAMPLE_PATHS))));
                    }
                }
            }
        } while (page.size() == PAGE);
        return new ScrubReport(started, clock.instant(), checked, bytes, missing, corrupt, missing + corrupt, problems);
    }

    private record Check(long bytes, String problem, String detail) {
    }

    private Check check(BlobRecord blob) {
        MessageDigest sha256 = sha256();
        long read = 0;
        try (InputStream in = new DigestInputStream(store.get(blob.objectKey()), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                read += n;
            }
        } catch (BlobNotFoundException e) {
            return blobs.existsById(blob.sha256()) ? new Check(0, "missing", "the object store has no such object") : null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading an object failed during the scrub", e);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(blob.sha256())) {
            return new Check(read, "corrupt", read == blob.size()
                    ? "its bytes hash to " + actual
                    : "it holds " + read + " bytes, the ledger says " + blob.size());
        }
        return new Check(read, null, null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
