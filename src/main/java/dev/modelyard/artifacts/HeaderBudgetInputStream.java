package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the bytes a tar reader may consume outside entry data: per entry and over the whole archive. The tar library
 * buffers long names, PAX records and sparse maps in memory, and keeps global PAX records for the rest of the archive,
 * so without caps header data alone could claim gigabytes of heap.
 */
final class HeaderBudgetInputStream extends InputStream {

    private final InputStream source;
    private final String archiveName;
    private final long perEntry;
    private final long total;
    private long totalRemaining;
    private long remaining;
    private boolean limited;

    /** Allows {@code perEntry} header bytes before each entry and {@code total} over the whole archive. */
    HeaderBudgetInputStream(InputStream source, String archiveName, long perEntry, long total) {
        this.source = source;
        this.archiveName = archiveName;
        this.perEntry = perEntry;
        this.total = total;
        this.totalRemaining = total;
    }

    /** Reading headers: from now on the caps apply, until {@link #unlimited()}. */
    void limit() {
        limited = true;
        remaining = perEntry;
    }

    /** Reading entry data, capped elsewhere. */
    void unlimited() {
        limited = false;
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
        if (!limited) {
            return;
        }
        remaining -= bytes;
        totalRemaining -= bytes;
        if (remaining < 0) {
            throw new InvalidUploadException(SafeText.quote(archiveName)
                    + " has an entry header (long name or PAX data) larger than " + Sizes.human(perEntry));
        }
        if (totalRemaining < 0) {
            throw new InvalidUploadException(SafeText.quote(archiveName)
                    + " has more than " + Sizes.human(total) + " of entry headers (long names or PAX data)");
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
