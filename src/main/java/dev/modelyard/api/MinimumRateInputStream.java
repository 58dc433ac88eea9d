package dev.modelyard.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Fails a read once a whole window has passed in which fewer than the minimum bytes arrived. Checked whenever a read
 * returns, so a trickle (one byte every few seconds) is caught at the end of its first slow window; a read that
 * blocks without any byte is ended by the container's read timeout instead.
 */
final class MinimumRateInputStream extends FilterInputStream {

    /** The upload arrived slower than the minimum rate. */
    static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    private final long windowNanos;
    private final long minBytes;
    private long windowStart = System.nanoTime();
    private long bytesInWindow;

    MinimumRateInputStream(InputStream in, Duration window, long minBytesPerWindow) {
        super(in);
        this.windowNanos = window.toNanos();
        this.minBytes = minBytesPerWindow;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(n);
        return n;
    }

    private void count(int n) throws TooSlow {
        if (n < 0) {
            return;
        }
        bytesInWindow += n;
        long now = System.nanoTime();
        if (now - windowStart >= windowNanos) {
            if (bytesInWindow < minBytes) {
                throw new TooSlow("the upload arrived slower than the minimum rate (" + minBytes + " bytes in "
                        + Duration.ofNanos(windowNanos).toSeconds() + " s) and was stopped");
            }
            windowStart = now;
            bytesInWindow = 0;
        }
    }
}
