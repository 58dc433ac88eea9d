package dev.modelyard.artifacts.storage;

import java.io.OutputStream;

/**
 * An object being written to the store while its bytes are still arriving, under a temporary key the store
 * chose. Exactly one of {@link #commit()} and {@link #abort()} ends it; an aborted or failed upload leaves no object.
 */
public interface StreamingUpload {

    /** Where the bytes go; writes block while the store is behind (bounded memory). */
    OutputStream out();

    /** Finishes the object once every byte was written; returns its key. */
    String commit();

    /** Gives up: nothing becomes visible (parts already sent are the store's to discard). */
    void abort();
}
