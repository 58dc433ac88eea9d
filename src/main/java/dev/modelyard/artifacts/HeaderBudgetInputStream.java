package dev.modelyard.artifacts;

import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the bytes a tar reader may consume between two entries. The tar library buffers long names, PAX headers
 * and sparse maps in memory, so without a cap one header could claim gigabytes of heap.
 */
final class HeaderBudgetInputStream extends InputStream {

    private final InputStream source;
    private final String archiveName;
    private long budget = Long.MAX_VALUE;
    private long remaining = Long.MAX_VALUE;

    HeaderBudgetInputStream(InputStream source, String archiveName) {
        this.source = source;
        this.archiveName = archiveName;
    }

    /** From now on at most {@code bytes} may be read, until {@link #unlimited()}. */
    void limit(long bytes) {
        budget = bytes;
        remaining = bytes;
    }

    /** Lifts the cap, for reading entry data (capped elsewhere). */
    void unlimited() {
        budget = Long.MAX_VALUE;
        remaining = Long.MAX_VALUE;
    }

    @Override
    public int read() throws IOException {
        int b = source.read();
        if (b >= 0) {
            spend(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = source.read(buffer, offset, length);
        if (n > 0) {
            spend(n);
        }
        return n;
    }

    private void spend(int bytes) {
        if (budget == Long.MAX_VALUE) {
            return;
        }
        remaining -= bytes;
        if (remaining < 0) {
            throw new InvalidUploadException(SafeText.quote(archiveName)
                    + " has an entry header (long name or PAX data) larger than " + Sizes.human(budget));
        }
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
