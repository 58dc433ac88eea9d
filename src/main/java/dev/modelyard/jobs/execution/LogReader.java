package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads a job log while its process may still be appending to it. */
public final class LogReader {

    private LogReader() {
    }

    /**
     * Reads at most {@code maxBytes} from {@code offset}; returns the bytes and the offset to read from next. Never
     * reads past what exists: at the end (or before the log is created) it returns no bytes and the same offset.
     * Bytes are raw, so a chunk may end inside a multi-byte character; the caller joins chunks before decoding.
     */
    public static LogChunk read(Path log, long offset, int maxBytes) {
        if (offset < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("offset must be >= 0 and maxBytes > 0, got " + offset + ", " + maxBytes);
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long available = channel.size() - offset;
            if (available <= 0) {
                return new LogChunk(new byte[0], offset);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes, available));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // a positional read may return fewer bytes than asked; keep going until the size seen above
            }
            return new LogChunk(Arrays.copyOf(buffer.array(), buffer.position()), offset + buffer.position());
        } catch (NoSuchFileException notYet) {
            return new LogChunk(new byte[0], offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job log " + log, e);
        }
    }

    /** Bytes read from a log and the offset just past them. */
    public record LogChunk(byte[] bytes, long nextOffset) {
    }
}
