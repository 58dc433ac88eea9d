package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the last few KiB that passed through, and on request everything from then on, so the zip central directory
 * (which a streaming reader skips) can be inspected after the entries have been read. The zip reader reads at most
 * 512 bytes ahead, so the kept window always covers the start of the central directory.
 */
final class TailCaptureInputStream extends InputStream {

    private static final int WINDOW = 8 * 1024;

    private final InputStream source;
    private final long maxCapture;
    private final String archiveName;
    private final byte[] window = new byte[WINDOW];
    private long position;
    private ByteArrayOutputStream capture;
    private long captureStart;

    TailCaptureInputStream(InputStream source, long maxCapture, String archiveName) {
        this.source = source;
        this.maxCapture = maxCapture;
        this.archiveName = archiveName;
    }

    /** Starts a capture holding the kept window plus whatever is read next; replaces any earlier capture. */
    void startCapture() {
        int kept = (int) Math.min(position, WINDOW);
        capture = new ByteArrayOutputStream(kept + 1024);
        captureStart = position - kept;
        int from = (int) (captureStart % WINDOW);
        int firstPart = Math.min(kept, WINDOW - from);
        capture.write(window, from, firstPart);
        capture.write(window, 0, kept - firstPart);
    }

    /** Drops the current capture. */
    void stopCapture() {
        capture = null;
    }

    /** Reads the source to its end and returns the capture; {@link #captureStart()} is its offset in the stream. */
    byte[] drainAndTake() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // keep reading: trailing bytes belong in the capture
        }
        return capture.toByteArray();
    }

    /** Stream offset of the first captured byte. */
    long captureStart() {
        return captureStart;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = source.read(buffer, offset, length);
        if (n > 0) {
            remember(buffer, offset, n);
        }
        return n;
    }

    private void remember(byte[] buffer, int offset, int length) {
        if (capture != null) {
            if (capture.size() + (long) length > maxCapture) {
                throw new InvalidUploadException(SafeText.quote(archiveName)
                        + " has a central directory larger than " + Sizes.human(maxCapture));
            }
            capture.write(buffer, offset, length);
        }
        // only the last WINDOW bytes matter
        int skip = Math.max(0, length - WINDOW);
        int at = (int) ((position + skip) % WINDOW);
        int remaining = length - skip;
        int firstPart = Math.min(remaining, WINDOW - at);
        System.arraycopy(buffer, offset + skip, window, at, firstPart);
        System.arraycopy(buffer, offset + skip + firstPart, window, 0, remaining - firstPart);
        position += length;
    }

    @Override
    public void close() {
        // the caller opened the source and closes it
    }
}
