package dev.modelyard.artifacts;

import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.internal.BlobSweeper;
import dev.modelyard.artifacts.internal.Manifest;
import dev.modelyard.artifacts.internal.ManifestEntry;
import dev.modelyard.artifacts.internal.ManifestEntryRepository;
import dev.modelyard.artifacts.internal.ManifestRepository;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.StorageProperties;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.PayloadTooLargeException;
import dev.modelyard.base.SafeText;
import dev.modelyard.base.UniqueViolations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.security.access.prepost.PreAuthorize;
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
    /** At most this many digests per missing-blobs question: one bounded query, one bounded answer. */
    public static final int MAX_DIGESTS_PER_QUERY = 1_000;
    /**
     * A staged file larger than this streams straight into an object store that can stream (S3) instead of being
     * staged whole on local disk; smaller ones (configs, metadata the format readers open) stay local.
     */
    static final long STREAM_AFTER_BYTES = 16L * 1024 * 1024;

    private final BlobStore store;
    private final BlobLedger ledger;
    private final BlobSweeper sweeper;
    private final ManifestRepository manifests;
    private final ManifestEntryRepository entries;
    private final UploadLimits limits;
    private final Path stagingRoot;
    private final StorageProperties storage;
    private final Clock clock;
    private final ArtifactMetrics metrics;

    ArtifactService(BlobStore store, BlobLedger ledger, BlobSweeper sweeper, ManifestRepository manifests,
                    ManifestEntryRepository entries, UploadProperties upload, ModelyardProperties modelyard,
                    StorageProperties storage, Clock clock, ArtifactMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.ledger = ledger;
        this.sweeper = sweeper;
        this.manifests = manifests;
        this.entries = entries;
        this.limits = upload.limits();
        this.stagingRoot = modelyard.stagingDir();
        this.storage = storage;
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
        return StagedUpload.create(stagingRoot, limits, new StagedUpload.RemoteStaging(store::startUpload,
                STREAM_AFTER_BYTES, store::get, store::delete));
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
        Optional<String> streamed = upload.remoteKey(staged.path());
        // claimed (and committed) before the object is written: every object the store holds has a row, so the
        // orphan sweep finds whatever a crash leaves between the write and the manifest (decision 002)
        boolean stored = claim(staged.sha256(), staged.size(), staged.crc32());
        // The row says stored; the object store has the final word (a crash mid-cleanup could leave a row behind).
        if (stored && store.stat(keyOf(staged.sha256())).isPresent()) {
            return false; // a streamed duplicate is deleted when the upload closes: it was never adopted
        }
        if (streamed.isPresent()) {
            // streamed into the store already, under a key of its own: the ledger maps the digest to it
            metrics.written(staged.size());
            ledger.markStoredAt(staged.sha256(), streamed.get());
            upload.adoptedRemote(streamed.get());
            return true;
        }
        String key = BlobKeys.forSha256(staged.sha256());
        // a filesystem store moves the staged file into place: the upload is written to disk once (decision 013)
        store.putFile(key, upload.localFile(staged.path()), staged.size(), staged.mediaType());
        upload.adopted(staged.path(), key, store::get);
        metrics.written(staged.size());
        ledger.markStored(staged.sha256());
        return true;
    }

    private boolean claim(String sha256, long size, Long crc32) {
        // a concurrent first claim of the same content loses on the digest's key; its retry sees the winner's row
        return UniqueViolations.retry(CLAIM_ATTEMPTS, () -> ledger.claim(sha256, size, crc32));
    }

    /**
     * Which of these SHA-256 digests Modelyard lacks, in the form and order given (duplicates once). Presence is
     * the only fact revealed, and only to those who may upload (decision 013).
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public List<String> missing(List<String> digests) {
        if (digests == null) {
            throw new InvalidInputException("digests", "'digests' is required: a list of SHA-256 digests");
        }
        if (digests.size() > MAX_DIGESTS_PER_QUERY) {
            throw new InvalidInputException("digests", "ask about at most " + MAX_DIGESTS_PER_QUERY
                    + " digests at a time");
        }
        Map<String, String> byHex = new LinkedHashMap<>();
        for (String raw : digests) {
            byHex.putIfAbsent(Digests.parse("digests", raw), raw);
        }
        Set<String> stored = ledger.storedAmong(byHex.keySet());
        List<String> missing = new ArrayList<>();
        byHex.forEach((hex, raw) -> {
            // the row says stored; the object store has the final word
            if (!stored.contains(hex) || store.stat(keyOf(hex)).isEmpty()) {
                missing.add(raw);
            }
        });
        return missing;
    }

    /**
     * Checks a client's manifest against the files it uploaded with it: paths are normalised and checked like
     * uploaded names, every uploaded file must be declared with exactly its digest and size, and every declared
     * file not uploaded must already be stored (its claim is refreshed so cleanup spares it). Stores nothing;
     * throws a 400 naming the first problem.
     */
    public List<ArtifactFile> verifyManifest(List<DeclaredFile> declared, StagedUpload uploaded) {
        if (declared == null || declared.isEmpty()) {
            throw new InvalidInputException("manifest", "the manifest lists no files");
        }
        if (declared.size() > limits.maxEntries()) {
            throw new PayloadTooLargeException("the manifest lists more than " + limits.maxEntries() + " files");
        }
        PathTree tree = new PathTree();
        Map<String, ArtifactFile> files = new LinkedHashMap<>();
        long total = 0;
        for (DeclaredFile d : declared) {
            String path = UploadPaths.normalize(d.path(), limits.maxPathLength());
            tree.addFile(path);
            String sha = Digests.parse("manifest", d.sha256());
            if (d.size() == null || d.size() < 0) {
                throw new InvalidInputException("manifest", "the size of " + SafeText.quote(path) + " is missing");
            }
            total += d.size();
            if (d.size() > limits.maxFileBytes() || total > limits.maxTotalBytes()) {
                throw new PayloadTooLargeException("the manifest is larger than the upload limits");
            }
            files.put(path, new ArtifactFile(path, d.size(), sha, MediaTypes.forPath(path)));
        }
        for (StagedFile staged : uploaded.files()) {
            ArtifactFile want = files.get(staged.path());
            if (want == null) {
                throw new InvalidInputException("files", SafeText.quote(staged.path()) + " was uploaded but is not in "
                        + "the manifest");
            }
            if (!want.sha256().equals(staged.sha256()) || want.size() != staged.size()) {
                throw new InvalidInputException("files", "the content uploaded as " + SafeText.quote(staged.path())
                        + " does not match its declared digest and size");
            }
        }
        Set<String> absent = new LinkedHashSet<>();
        Set<String> checked = new HashSet<>();
        uploaded.files().forEach(f -> checked.add(f.sha256()));
        for (ArtifactFile f : files.values()) {
            if (!checked.add(f.sha256())) {
                continue;
            }
            Optional<Long> size = ledger.claimStored(f.sha256());
            if (size.isEmpty() || store.stat(keyOf(f.sha256())).isEmpty()) {
                absent.add(f.path());
            } else if (size.get() != f.size()) {
                throw new InvalidInputException("manifest", "the size declared for " + SafeText.quote(f.path())
                        + " does not match its digest's content");
            }
        }
        if (!absent.isEmpty()) {
            throw new InvalidInputException("files", "Modelyard does not hold the content of "
                    + SafeText.quote(String.join(", ", absent.stream().limit(10).toList()))
                    + (absent.size() > 10 ? " and " + (absent.size() - 10) + " more" : "")
                    + "; upload those files with the manifest");
        }
        return List.copyOf(files.values());
    }

    /**
     * Stores the uploaded files of a verified manifest ({@link #verifyManifest}); the others are stored already.
     * Not yet visible anywhere: bind the result with {@link #saveManifest}.
     */
    public StoredFiles storeManifest(List<ArtifactFile> files, StagedUpload uploaded) {
        long bytesNew = store(uploaded).bytesNew();
        long total = files.stream().mapToLong(ArtifactFile::size).sum();
        return new StoredFiles(files, bytesNew, total - bytesNew);
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

    /**
     * Deletes a manifest inside the caller's transaction (its entries go with it); blobs no other manifest
     * references become orphans that {@link #cleanup} removes after the grace period.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleteManifest(long manifestId) {
        manifests.deleteById(manifestId);
    }

    /**
     * A new manifest holding {@code manifestId}'s files (none when null) with {@code added} put in at their paths
     * (replacing a file at the same path), inside the caller's transaction; the old manifest is deleted. Returns the
     * new manifest's id. Used for artifact trees that grow file by file (an MLflow run logging its model).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long mergeIntoManifest(Long manifestId, List<ArtifactFile> added) {
        java.util.Map<String, ArtifactFile> byPath = new java.util.TreeMap<>();
        if (manifestId != null) {
            files(manifestId).forEach(f -> byPath.put(f.path(), f));
        }
        added.forEach(f -> byPath.put(f.path(), f));
        List<ArtifactFile> merged = new ArrayList<>(byPath.values());
        long id = saveManifest(new StoredFiles(merged, 0, merged.stream().mapToLong(ArtifactFile::size).sum()));
        if (manifestId != null) {
            entries.flush();
            deleteManifest(manifestId);
        }
        return id;
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
        return metrics.counted(store.get(keyOf(file.sha256())));
    }

    /** The file's bytes as a local file when the store keeps them so (served zero-copy); empty otherwise. */
    public Optional<Path> localFile(ArtifactFile file) {
        return store.localFile(keyOf(file.sha256()));
    }

    /** Counts bytes of a {@link #localFile} the server sends itself (sendfile) in the bytes read from the store. */
    public void sentDirectly(long bytes) {
        metrics.read(bytes);
    }

    /**
     * A short-lived URL of the object store to read the file from, when the operator enabled presigned downloads
     * ({@code modelyard.storage.presign-downloads}) and the store can presign; empty otherwise.
     */
    public Optional<URI> presignedDownload(ArtifactFile file) {
        if (storage.presignDownloads() == null || file.size() == 0) {
            return Optional.empty();
        }
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        return store.presignedGet(keyOf(file.sha256()), storage.presignDownloads(), name);
    }

    /** Streams {@code length} bytes of a file from {@code offset}. */
    public InputStream open(ArtifactFile file, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > file.size()) {
            throw new NotFoundException("range outside " + file.path());
        }
        return metrics.counted(store.get(keyOf(file.sha256()), offset, length));
    }

    /**
     * Throws StorageUnavailableException now, before a response starts, when the store cannot serve these files:
     * a streamed zip that fails after its first byte can only be cut off.
     */
    public void checkReadable(List<ArtifactFile> files) {
        files.stream().filter(f -> f.size() > 0).findFirst().ifPresent(f -> store.stat(keyOf(f.sha256())));
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
        Map<String, Long> crcs = ledger.crc32s(files.stream().map(ArtifactFile::sha256).distinct().toList());
        ZipOutputStream zip = new ZipStream(out);
        for (ArtifactFile f : files) {
            ZipEntry entry = new ZipEntry(f.path());
            Long crc = crcs.get(f.sha256());
            if (isText(f.mediaType())) {
                zip.setMethod(ZipOutputStream.DEFLATED);
                zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            } else if (crc != null) {
                // CRC recorded at upload: a STORED entry, written as it is, never through the deflater
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(f.size());
                entry.setCompressedSize(f.size());
                entry.setCrc(crc);
            } else {
                // stored before CRCs were recorded: level 0 through the deflater, which computes it on the way
                zip.setMethod(ZipOutputStream.DEFLATED);
                zip.setLevel(Deflater.NO_COMPRESSION);
            }
            zip.putNextEntry(entry);
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
        stagingDeleted += store.deleteAbandonedUploads(cutoff) + deleteUnnamedUploads(cutoff);
        return new CleanupReport(deleted, freed, stagingDeleted);
    }

    /** Where a content's bytes are: its hash key, unless it was streamed in under a key of its own. */
    private String keyOf(String sha256) {
        return ledger.objectKey(sha256).orElseGet(() -> BlobKeys.forSha256(sha256));
    }

    /**
     * Deletes objects streamed under {@link BlobStore#UPLOAD_PREFIX} before {@code cutoff} that no blob row names:
     * an upload that died (or lost a race for the same content) after its object was complete.
     */
    private int deleteUnnamedUploads(Instant cutoff) {
        List<String> old = new ArrayList<>();
        store.list(BlobStore.UPLOAD_PREFIX, stat -> {
            if (stat.lastModified().isBefore(cutoff)) {
                old.add(stat.key());
            }
        });
        int deleted = 0;
        for (int i = 0; i < old.size(); i += 500) {
            List<String> batch = old.subList(i, Math.min(old.size(), i + 500));
            Set<String> named = ledger.namedKeys(batch);
            for (String key : batch) {
                if (!named.contains(key)) {
                    store.delete(key);
                    deleted++;
                }
            }
        }
        return deleted;
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
