package dev.modelyard.artifacts;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from the caller's stream and remembers whether that stream itself failed, so a broken
 * connection is not reported as a broken archive. Closing it leaves the caller's stream open: the caller owns it.
 */
final class CountingInputStream extends InputStream {

    private final InputStream source;
    private long count;
    private boolean sourceFailed;

    CountingInputStream(InputStream source) {
        this.source = source;
    }

    /** Bytes read from the source so far. */
    long count() {
        return count;
    }

    /** Whether reading the source threw, as opposed to a decoder above us. */
    boolean sourceFailed() {
        return sourceFailed;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = source.read();
            if (b >= 0) {
                count++;
            }
            return b;
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = source.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }

    @Override
    public void close() {
        // the caller opened the source and closes it
    }
}
