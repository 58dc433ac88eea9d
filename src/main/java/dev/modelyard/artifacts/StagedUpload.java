package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import dev.modelyard.base.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * One upload being staged on local disk: files and archive entries are validated, capped, hashed and written to
 * server-named files in a private folder, ready to be stored by the storage code.
 *
 * <p>All or nothing: the first refused name, broken archive or breached cap throws, deletes the folder and leaves
 * this object unusable. Not thread-safe; one request owns one upload. Input streams passed in are read, not closed.
 */
public final class StagedUpload implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path directory;
    private final UploadLimits limits;
    private final PathTree tree = new PathTree();
    private final Map<String, Staged> staged = new LinkedHashMap<>();
    /** Staged files the store took over (moved into place), by path: their bytes are read from the store now. */
    private final Map<String, String> adoptedKeys = new LinkedHashMap<>();
    private Function<String, InputStream> storeReader;
    private final EntrySink sink = new Sink();
    private int directoryEntries;
    private int blobCounter;
    private long totalBytes;
    /** Files staged as themselves rather than as entries of an archive. */
    private int plainFiles;
    private State state = State.OPEN;

    private final RemoteStaging remote;
    /** Objects this upload streamed into the store; deleted on close unless the store adopted them. */
    private final java.util.Set<String> remoteKeys = new java.util.LinkedHashSet<>();

    private StagedUpload(Path directory, UploadLimits limits, RemoteStaging remote) {
        this.directory = directory;
        this.limits = limits;
        this.remote = remote;
    }

    /** Makes a fresh private folder (0700 where POSIX) named by a random UUID under {@code stagingRoot}. */
    public static StagedUpload create(Path stagingRoot, UploadLimits limits) {
        return new StagedUpload(StagingDirectories.createFresh(stagingRoot), limits, null);
    }

    /**
     * As {@link #create(Path, UploadLimits)}, but a file growing past {@code remote.threshold()} bytes continues
     * straight into the object store (when it can stream) instead of local disk: no full local copy of a large
     * file (decision 013).
     */
    static StagedUpload create(Path stagingRoot, UploadLimits limits, RemoteStaging remote) {
        return new StagedUpload(StagingDirectories.createFresh(stagingRoot), limits, remote);
    }

    /**
     * How large files reach a streaming object store while staged.
     *
     * @param start     starts an upload, or empty when the store cannot stream
     * @param threshold bytes of one file kept on local disk before it streams instead
     * @param reader    opens an object of the store
     * @param delete    deletes an object of the store
     */
    record RemoteStaging(java.util.function.Supplier<Optional<dev.modelyard.artifacts.storage.StreamingUpload>> start,
                         long threshold, Function<String, InputStream> reader,
                         java.util.function.Consumer<String> delete) {
    }

    /** Deletes staging folders left under {@code stagingRoot} (by a crash) untouched for {@code olderThan}; returns how many. */
    public static int deleteStale(Path stagingRoot, Duration olderThan, Clock clock) {
        return StagingDirectories.deleteStale(stagingRoot, olderThan, clock);
    }

    /** Normalises {@code rawPath} and streams {@code content} to disk while hashing it; throws if anything is refused. */
    public StagedFile addFile(String rawPath, InputStream content) {
        ensureOpen();
        try {
            StagedFile file = stage(admitFile(rawPath), content, null);
            plainFiles++;
            return file;
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("reading the upload of " + SafeText.quote(rawPath) + " failed", e);
        } catch (RuntimeException | Error e) {
            abort();
            throw e;
        }
    }

    /**
     * Stages one file under exactly {@code path} if it can be stored, or says why not: unlike {@link #addFile}, a
     * refused name, a breached cap or a read error refuses this file only and leaves the upload usable. For
     * collections (a job's outputs) that keep what they can. Only the server's own write failures still throw.
     *
     * @return empty when staged, else the reason it was not
     */
    public Optional<String> offerFile(String path, InputStream content) {
        ensureOpen();
        String refusal = UploadPaths.refusal(path, limits.maxPathLength());
        if (refusal != null) {
            return Optional.of(refusal);
        }
        if (staged.size() >= limits.maxEntries()) {
            return Optional.of("there are more than the limit of " + limits.maxEntries() + " files");
        }
        try {
            tree.addFile(path);
        } catch (InvalidUploadException e) {
            return Optional.of(e.getMessage());
        }
        int blob = blobCounter + 1;
        try {
            stage(path, content, null);
            plainFiles++;
            return Optional.empty();
        } catch (PayloadTooLargeException e) {
            deleteBlob(blob);
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            deleteBlob(blob);
            return Optional.of("it could not be read (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException | Error e) {
            abort();
            throw e;
        }
    }

    private void deleteBlob(int number) {
        try {
            Files.deleteIfExists(blobFile(number));
        } catch (IOException ignored) {
            // the folder goes when the upload is closed
        }
    }

    private Path blobFile(int number) {
        return directory.resolve(String.format(Locale.ROOT, "%06d.blob", number));
    }

    /** Unpacks a .zip, .tar, .tar.gz or .tgz (by {@code archiveFileName}) from {@code archive}; throws if refused. */
    public void addArchive(String archiveFileName, InputStream archive) {
        ensureOpen();
        try {
            ArchiveFormat.fromFileName(archiveFileName).extract(archiveFileName, archive, sink, limits);
        } catch (RuntimeException | Error e) {
            abort();
            throw e;
        }
    }

    /** The staged files, in the order they were added. */
    public List<StagedFile> files() {
        ensureOpen();
        return staged.values().stream().map(Staged::file).toList();
    }

    /** Whether there are files and every one came out of an archive (none was uploaded as itself). */
    public boolean onlyArchiveEntries() {
        ensureOpen();
        return plainFiles == 0 && !staged.isEmpty();
    }

    /** The staged file with this canonical path, if any. */
    public Optional<StagedFile> file(String path) {
        ensureOpen();
        return Optional.ofNullable(staged.get(path)).map(Staged::file);
    }

    /** Opens a staged file for reading; throws IllegalArgumentException for a path that was not staged. */
    public InputStream open(String path) throws IOException {
        Optional<String> streamed = remoteKey(path);
        if (streamed.isPresent()) {
            return remote.reader().apply(streamed.get());
        }
        Path local = localFile(path);
        String key = adoptedKeys.get(path);
        if (key != null && storeReader != null && !Files.exists(local)) {
            return storeReader.apply(key);
        }
        return Files.newInputStream(local);
    }

    /**
     * Records that the store took a staged file's bytes (it may have moved the file) under {@code key}, so later
     * reads go to the store; {@code reader} opens a key there.
     */
    void adopted(String path, String key, Function<String, InputStream> reader) {
        ensureOpen();
        adoptedKeys.put(path, key);
        this.storeReader = reader;
    }

    /** The store key of a file that was streamed into the store while staged; empty for a local file. */
    Optional<String> remoteKey(String path) {
        ensureOpen();
        Staged entry = staged.get(path);
        if (entry == null) {
            throw new IllegalArgumentException("no staged file named " + SafeText.quote(path));
        }
        return Optional.ofNullable(entry.remoteKey());
    }

    /** The store now names this streamed object in its ledger: closing must not delete it. */
    void adoptedRemote(String key) {
        remoteKeys.remove(key);
    }

    /** Bytes staged so far, over all files. */
    public long totalBytes() {
        ensureOpen();
        return totalBytes;
    }

    /** Where a staged file's bytes are on disk; for the storage code, which uploads them. */
    Path localFile(String path) {
        ensureOpen();
        Staged entry = staged.get(path);
        if (entry == null) {
            throw new IllegalArgumentException("no staged file named " + SafeText.quote(path));
        }
        return entry.blob();
    }

    /** The private staging folder of this upload. */
    Path directory() {
        return directory;
    }

    /** Deletes the staging folder and everything in it; safe to call more than once. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        staged.clear();
        StagingDirectories.delete(directory);
        deleteRemote();
    }

    private void abort() {
        if (state == State.OPEN) {
            state = State.FAILED;
            staged.clear();
            StagingDirectories.delete(directory);
            deleteRemote();
        }
    }

    /** Streamed objects nobody adopted (a refused or duplicate upload) go; the sweep catches what a crash leaves. */
    private void deleteRemote() {
        for (String key : remoteKeys) {
            try {
                remote.delete().accept(key);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(StagedUpload.class)
                        .warn("Could not delete streamed object {}; the cleanup will", key, e);
            }
        }
        remoteKeys.clear();
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("this upload was " + (state == State.FAILED ? "rejected" : "closed"));
        }
    }

    private String admitFile(String rawPath) {
        String path = UploadPaths.normalize(rawPath, limits.maxPathLength());
        if (staged.size() >= limits.maxEntries()) {
            throw new PayloadTooLargeException("the upload holds more than " + limits.maxEntries() + " files");
        }
        tree.addFile(path);
        return path;
    }

    /**
     * Copies {@code in} to a new server-named file, hashing as it goes and stopping as soon as a cap is breached.
     * IOException means reading {@code in} failed; write failures are thrown as {@link StagingFailure}.
     */
    private StagedFile stage(String path, InputStream in, CompressionMeter meter) throws IOException {
        Path blob = blobFile(++blobCounter);
        MessageDigest sha256 = sha256();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[BUFFER_SIZE];
        long size = 0;
        Spill out = new Spill(blob);
        String remoteKey;
        boolean finished = false;
        try {
            while (true) {
                long fileRoom = limits.maxFileBytes() - size;
                long totalRoom = limits.maxTotalBytes() - totalBytes - size;
                long room = Math.min(fileRoom, totalRoom);
                if (meter != null) {
                    room = Math.min(room, meter.room());
                }
                // ask for at most one byte past the tightest cap: a breach shows without reading any further
                int wanted = room >= buffer.length ? buffer.length : (int) room + 1;
                int n = fill(in, buffer, wanted);
                if (n < 0) {
                    break;
                }
                if (n > fileRoom) {
                    throw new PayloadTooLargeException(SafeText.quote(path) + " is larger than the limit of "
                            + Sizes.human(limits.maxFileBytes()) + " per file");
                }
                if (n > totalRoom) {
                    throw new PayloadTooLargeException("the upload is larger than the limit of "
                            + Sizes.human(limits.maxTotalBytes()) + " in total");
                }
                if (meter != null) {
                    meter.extracted(n);
                }
                sha256.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                out.write(buffer, n);
                size += n;
            }
            remoteKey = out.finish();
            finished = true;
        } finally {
            if (!finished) {
                out.abort();
            }
        }
        totalBytes += size;
        StagedFile file = new StagedFile(path, size, HexFormat.of().formatHex(sha256.digest()),
                MediaTypes.forPath(path), crc.getValue());
        staged.put(path, new Staged(file, blob, remoteKey));
        return file;
    }

    /**
     * Reads until {@code wanted} bytes or the end; -1 at the end with nothing read. Multipart parts arrive a few KB
     * per read, and hashing and writing whole 64 KB blocks costs 16 times fewer calls (system calls among them).
     */
    private static int fill(InputStream in, byte[] buffer, int wanted) throws IOException {
        int filled = 0;
        while (filled < wanted) {
            int n = in.read(buffer, filled, wanted - filled);
            if (n < 0) {
                return filled == 0 ? -1 : filled;
            }
            filled += n;
        }
        return filled;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private enum State { OPEN, FAILED, CLOSED }

    private record Staged(StagedFile file, Path blob, String remoteKey) {
    }

    /** A staged file's bytes: on local disk, or past the threshold streaming into the object store. */
    private final class Spill {
        private final Path blob;
        private final BlobOutput local;
        private dev.modelyard.artifacts.storage.StreamingUpload streaming;
        private boolean localOnly;
        private long written;

        Spill(Path blob) {
            this.blob = blob;
            this.local = new BlobOutput(blob);
        }

        void write(byte[] buffer, int length) {
            if (streaming == null && !localOnly && remote != null && written + length > remote.threshold()) {
                spill();
            }
            if (streaming != null) {
                try {
                    streaming.out().write(buffer, 0, length);
                } catch (IOException e) {
                    throw new dev.modelyard.base.StorageUnavailableException("the object store stopped taking an upload",
                            e);
                }
            } else {
                local.write(buffer, length);
            }
            written += length;
        }

        /** Moves what is on disk so far into a new streaming upload, if the store can stream. */
        private void spill() {
            Optional<dev.modelyard.artifacts.storage.StreamingUpload> started = remote.start().get();
            if (started.isEmpty()) {
                localOnly = true; // this store cannot stream: ask once per file, not per block
                return;
            }
            local.close();
            streaming = started.get();
            try (InputStream in = Files.newInputStream(blob)) {
                in.transferTo(streaming.out());
                Files.delete(blob);
            } catch (IOException e) {
                throw new StagingFailure("could not move a staged file into the object store", e);
            }
        }

        /** The streamed object's key, or null when the bytes are in the local file. */
        String finish() {
            if (streaming == null) {
                local.close();
                return null;
            }
            String key = streaming.commit();
            remoteKeys.add(key);
            return key;
        }

        void abort() {
            if (streaming != null) {
                streaming.abort();
            } else {
                try {
                    local.close();
                } catch (StagingFailure ignored) {
                    // the folder is deleted with the upload
                }
            }
        }
    }

    /** Receives archive entries; names, counts and caps are checked exactly as for plain files. */
    private final class Sink implements EntrySink {

        @Override
        public void directory(String rawName) {
            // folder entries carry one trailing '/'; anything more is for the path rules to refuse
            String name = withoutDotSlash(rawName.length() > 1 && rawName.endsWith("/")
                    ? rawName.substring(0, rawName.length() - 1) : rawName);
            if (name.equals(".")) {
                return;
            }
            String path = UploadPaths.normalize(name, limits.maxPathLength());
            if (++directoryEntries > limits.maxEntries()) {
                throw new PayloadTooLargeException("the upload holds more than " + limits.maxEntries()
                        + " folder entries");
            }
            tree.addDirectory(path);
        }

        @Override
        public void file(String rawName, InputStream data, CompressionMeter meter) throws IOException {
            stage(admitFile(withoutDotSlash(rawName)), data, meter);
        }

        /**
         * {@code tar -C dir .} names every entry {@code ./…}; that prefix means "the archive's root" and nothing
         * else, so it is dropped here. Plain uploaded file names get no such leniency.
         */
        private static String withoutDotSlash(String name) {
            return name.startsWith("./") && name.length() > 2 ? name.substring(2) : name;
        }
    }

    /** A new staging file whose write failures are the server's, never blamed on the upload. */
    private static final class BlobOutput implements AutoCloseable {
        private final OutputStream out;

        BlobOutput(Path blob) {
            try {
                out = Files.newOutputStream(blob, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new StagingFailure("could not create a staging file", e);
            }
        }

        void write(byte[] buffer, int length) {
            try {
                out.write(buffer, 0, length);
            } catch (IOException e) {
                throw new StagingFailure("could not write a staging file", e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new StagingFailure("could not write a staging file", e);
            }
        }
    }
}
