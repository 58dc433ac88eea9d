package dev.modelyard.artifacts.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Object storage seen as immutable blobs under server-chosen keys. Every implementation must pass
 * {@code BlobStoreContractTest}. Failures surface as {@link dev.modelyard.base.StorageUnavailableException}.
 */
public interface BlobStore {

    /** Stores exactly {@code size} bytes under {@code key}; the object is visible only once complete. */
    void put(String key, InputStream content, long size, String contentType);

    /** Streams the whole object; throws {@link BlobNotFoundException} when absent. */
    InputStream get(String key);

    /** Streams {@code length} bytes starting at {@code offset}. */
    InputStream get(String key, long offset, long length);

    /** Size and modification time, or empty when absent. */
    Optional<BlobStat> stat(String key);

    /** Visits every object whose key starts with {@code prefix}, without loading the listing at once. */
    void list(String prefix, Consumer<BlobStat> visitor);

    /** Removes the object; absent objects are not an error. */
    void delete(String key);

    /**
     * Aborts multipart uploads started before {@code initiatedBefore} that were never completed (a crash mid-put
     * leaves their parts in the bucket for ever); returns how many. Stores without multipart uploads return 0.
     */
    default int abortIncompleteUploads(java.time.Instant initiatedBefore) {
        return 0;
    }

    /** Server-side copy; the target becomes visible only once complete. */
    void copy(String sourceKey, String targetKey);

    /**
     * Stores the bytes of a local file the caller is done with. A store on the same file system may move the file
     * instead of copying it (so it may be gone afterwards); the others stream it like {@link #put}.
     */
    default void putFile(String key, Path file, long size, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, size, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }

    /** The object as a local file, when the store keeps it as one (zero-copy serving); empty otherwise. */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /**
     * A URL that lets anyone holding it read the object for {@code validity}, answered with {@code fileName} as
     * the attachment name; empty when the store cannot presign.
     */
    default Optional<URI> presignedGet(String key, Duration validity, String fileName) {
        return Optional.empty();
    }

    /** Key prefix of objects written by {@link #startUpload()}, before the ledger names them. */
    String UPLOAD_PREFIX = "uploads/";

    /**
     * Starts writing an object whose size and hash are not known yet, under a new key beginning with
     * {@link #UPLOAD_PREFIX}, when the store can stream (S3: a multipart upload with a part in flight while the
     * next is read); empty when the store is better served by a local file and {@link #putFile}.
     */
    default java.util.Optional<StreamingUpload> startUpload() {
        return Optional.empty();
    }

    /** Removes partial writes left by a writer that died, last touched before {@code cutoff}; returns how many. */
    default int deleteAbandonedUploads(Instant cutoff) {
        return 0;
    }

    /** Returns when the store answers and holds the bucket; throws StorageUnavailableException otherwise. */
    void checkAvailable();
}
