package dev.modelyard.artifacts;

import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.internal.BlobSweeper;
import dev.modelyard.artifacts.internal.Manifest;
import dev.modelyard.artifacts.internal.ManifestEntry;
import dev.modelyard.artifacts.internal.ManifestEntryRepository;
import dev.modelyard.artifacts.internal.ManifestRepository;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Content-addressed file storage: stages uploads, stores each distinct content once, binds files into
 * manifests, and removes what nothing references. See docs/decisions/002-storage-layout.md.
 */
@Service
public class ArtifactService {

    private static final int CLAIM_ATTEMPTS = 5;

    private final BlobStore store;
    private final BlobLedger ledger;
    private final BlobSweeper sweeper;
    private final ManifestRepository manifests;
    private final ManifestEntryRepository entries;
    private final UploadLimits limits;
    private final Path stagingRoot;
    private final Clock clock;
    private final ArtifactMetrics metrics;

    ArtifactService(BlobStore store, BlobLedger ledger, BlobSweeper sweeper, ManifestRepository manifests,
                    ManifestEntryRepository entries, UploadProperties upload, ModelyardProperties modelyard,
                    Clock clock, ArtifactMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.ledger = ledger;
        this.sweeper = sweeper;
        this.manifests = manifests;
        this.entries = entries;
        this.limits = upload.limits();
        this.stagingRoot = modelyard.stagingDir();
        this.clock = clock;
    }

    /** The object key a content is stored under (derived from its hash alone). */
    public static String objectKey(String sha256) {
        return BlobKeys.forSha256(sha256);
    }

    /** A fresh, empty staging area; the caller closes it. */
    public StagedUpload stage() {
        try {
            Files.createDirectories(stagingRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging folder", e);
        }
        return StagedUpload.create(stagingRoot, limits);
    }

    /**
     * Puts every staged content the store lacks, claiming each so cleanup spares it until it is bound into a
     * manifest. The result is not yet visible anywhere: bind it with {@link #saveManifest}.
     */
    public StoredFiles store(StagedUpload upload) {
        List<ArtifactFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long bytesNew = 0;
        long bytesReused = 0;
        for (StagedFile staged : upload.files()) {
            files.add(new ArtifactFile(staged.path(), staged.size(), staged.sha256(), staged.mediaType()));
            if (!seen.add(staged.sha256())) {
                bytesReused += staged.size();
                continue;
            }
            if (ensureStored(upload, staged)) {
                bytesNew += staged.size();
            } else {
                bytesReused += staged.size();
            }
        }
        return new StoredFiles(files, bytesNew, bytesReused);
    }

    /** Returns true when this call wrote the bytes, false when they were stored already. */
    private boolean ensureStored(StagedUpload upload, StagedFile staged) {
        String key = BlobKeys.forSha256(staged.sha256());
        boolean stored = claim(staged.sha256(), staged.size());
        // The row says stored; the object store has the final word (a crash mid-cleanup could leave a row behind).
        if (stored && store.stat(key).isPresent()) {
            return false;
        }
        try (InputStream in = Files.newInputStream(upload.localFile(staged.path()))) {
            store.put(key, in, staged.size(), staged.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a staged file", e);
        }
        metrics.written(staged.size());
        ledger.markStored(staged.sha256());
        return true;
    }

    private boolean claim(String sha256, long size) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ledger.claim(sha256, size);
            } catch (DataIntegrityViolationException raceOnFirstClaim) {
                if (attempt == CLAIM_ATTEMPTS) {
                    throw raceOnFirstClaim;
                }
            }
        }
    }

    /** Binds stored files into a manifest inside the caller's transaction; returns the manifest id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long saveManifest(StoredFiles stored) {
        Manifest manifest = manifests.save(new Manifest(stored.files().size(), stored.totalBytes(), clock.instant()));
        for (ArtifactFile f : stored.files()) {
            entries.save(new ManifestEntry(manifest.id(), f.path(), f.size(), f.sha256(), f.mediaType()));
        }
        return manifest.id();
    }

    /** The files of a manifest, ordered by path. */
    @Transactional(readOnly = true)
    public List<ArtifactFile> files(long manifestId) {
        return entries.findByManifest(manifestId).stream().map(ArtifactService::toFile).toList();
    }

    /** One file of a manifest, if that path is in it. */
    @Transactional(readOnly = true)
    public Optional<ArtifactFile> file(long manifestId, String path) {
        return entries.findOne(manifestId, path).map(ArtifactService::toFile);
    }

    /** Streams a file's bytes; the caller closes the stream. */
    public InputStream open(ArtifactFile file) {
        return metrics.counted(store.get(BlobKeys.forSha256(file.sha256())));
    }

    /** Streams {@code length} bytes of a file from {@code offset}. */
    public InputStream open(ArtifactFile file, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > file.size()) {
            throw new NotFoundException("range outside " + file.path());
        }
        return metrics.counted(store.get(BlobKeys.forSha256(file.sha256()), offset, length));
    }

    /**
     * Throws StorageUnavailableException now, before a response starts, when the store cannot serve these files:
     * a streamed zip that fails after its first byte can only be cut off.
     */
    public void checkReadable(List<ArtifactFile> files) {
        files.stream().filter(f -> f.size() > 0).findFirst().ifPresent(f -> store.stat(BlobKeys.forSha256(f.sha256())));
    }

    /** Which of a manifest's bytes only it holds, and which it shares with other manifests. */
    @Transactional(readOnly = true)
    public StorageSharing sharing(long manifestId) {
        long total = files(manifestId).stream().mapToLong(ArtifactFile::size).sum();
        long unique = entries.uniqueBytes(manifestId);
        return new StorageSharing(total, unique, entries.distinctBytes(manifestId) - unique);
    }

    /** The first {@code maxBytes} of a file as UTF-8 text (malformed bytes replaced). */
    public FilePreview preview(ArtifactFile file, int maxBytes) {
        int wanted = (int) Math.min(file.size(), maxBytes);
        byte[] head;
        if (wanted == 0) {
            head = new byte[0];
        } else {
            try (InputStream in = open(file, 0, wanted)) {
                head = in.readNBytes(wanted);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.path(), e);
            }
        }
        return new FilePreview(file.path(), file.mediaType(), file.size(),
                new String(head, StandardCharsets.UTF_8), file.size() > wanted);
    }

    /**
     * Writes the files as a zip to {@code out}, streaming each from storage; already-compressed payloads are
     * stored rather than deflated, which keeps the zip as fast as the network.
     */
    public void writeZip(List<ArtifactFile> files, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipStream(out);
        for (ArtifactFile f : files) {
            zip.setLevel(isText(f.mediaType()) ? Deflater.DEFAULT_COMPRESSION
                    : Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(f.path()));
            if (f.size() > 0) {
                try (InputStream in = open(f)) {
                    in.transferTo(zip);
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * A ZipOutputStream that passes the deflater's output on in 64 KB pieces instead of the JDK's 512 bytes: even a
     * stored (level 0) entry goes through the deflater, and 128 times fewer calls per byte made a 1 GB zip a
     * quarter slower than the same file alone (docs/benchmarks.md, section 2).
     */
    private static final class ZipStream extends ZipOutputStream {
        ZipStream(OutputStream out) {
            super(out);
            buf = new byte[64 * 1024];
        }
    }

    /** Whether a media type names text that previews and compresses well. */
    public static boolean isText(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.contains("json") || mediaType.contains("yaml")
                || mediaType.contains("xml");
    }

    /**
     * Deletes blobs no manifest references that were last claimed more than {@code grace} ago, and staging
     * folders older than that.
     */
    public CleanupReport cleanup(Duration grace) {
        Instant cutoff = clock.instant().minus(grace);
        int deleted = 0;
        long freed = 0;
        List<String> batch;
        Set<String> spared = new HashSet<>();
        do {
            batch = sweeper.candidates(cutoff, 500);
            batch.removeAll(spared);
            for (String sha256 : batch) {
                long bytes = sweeper.deleteIfOrphan(sha256, cutoff);
                if (bytes > 0) {
                    deleted++;
                    freed += bytes;
                } else {
                    spared.add(sha256);
                }
            }
        } while (!batch.isEmpty());
        int stagingDeleted = Files.isDirectory(stagingRoot) ? StagedUpload.deleteStale(stagingRoot, grace, clock) : 0;
        return new CleanupReport(deleted, freed, stagingDeleted);
    }

    /**
     * Aborts multipart uploads to the bucket started more than {@code grace} ago and never completed: a crash during
     * a large put leaves their parts for ever otherwise. Returns how many.
     */
    public int abortIncompleteUploads(Duration grace) {
        return store.abortIncompleteUploads(clock.instant().minus(grace));
    }

    private static ArtifactFile toFile(ManifestEntry e) {
        return new ArtifactFile(e.path(), e.size(), e.sha256(), e.mediaType());
    }
}
