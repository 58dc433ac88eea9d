package dev.modelyard.artifacts.storage;

import java.io.InputStream;
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

    /** Returns when the store answers and holds the bucket; throws StorageUnavailableException otherwise. */
    void checkAvailable();
}
