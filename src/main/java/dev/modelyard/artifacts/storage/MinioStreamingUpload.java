package dev.modelyard.artifacts.storage;

import dev.modelyard.base.StorageUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Bytes written by the request thread go through a small bounded queue of chunks to a worker thread that feeds
 * them to the SDK's multipart put: while the SDK sends one part, the next is being received and hashed. Memory is
 * bounded by the queue (a few MB) plus the SDK's one part buffer.
 */
final class MinioStreamingUpload implements StreamingUpload {

    private static final int CHUNK = 1024 * 1024;
    private static final int CHUNKS_IN_FLIGHT = 8;
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];

    private final String key;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private final CompletableFuture<Void> put = new CompletableFuture<>();
    private final Out out = new Out();
    private boolean ended;

    MinioStreamingUpload(String key, Executor executor, Consumer<InputStream> putObject) {
        this.key = key;
        executor.execute(() -> {
            try {
                putObject.accept(new In());
                put.complete(null);
            } catch (Throwable e) {
                put.completeExceptionally(e);
                chunks.clear(); // unblock a writer waiting for room
            }
        });
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public String commit() {
        out.flushChunk();
        end(END);
        try {
            put.get();
            return key;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new StorageUnavailableException("object storage failed: " + e.getCause().getClass().getSimpleName(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while storing an object", e);
        }
    }

    @Override
    public void abort() {
        if (!ended) {
            chunks.clear();
            end(ABORT);
        }
        try {
            put.get();
        } catch (ExecutionException expected) {
            // the worker saw the abort and failed the put: no object
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(byte[] marker) {
        ended = true;
        offer(marker);
    }

    private void offer(byte[] chunk) {
        try {
            while (!put.isDone()) {
                if (chunks.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request thread's side: fills 1 MB chunks and queues them. */
    private final class Out extends OutputStream {
        private byte[] chunk = new byte[CHUNK];
        private int used;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (put.isDone()) {
                    throw new IOException("the object store stopped taking the upload");
                }
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, chunk, used, n);
                used += n;
                off += n;
                len -= n;
                if (used == CHUNK) {
                    flushChunk();
                }
            }
        }

        void flushChunk() {
            if (used > 0) {
                byte[] full = used == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, used);
                offer(full);
                chunk = new byte[CHUNK];
                used = 0;
            }
        }
    }

    /** The worker's side, read by the SDK. */
    private final class In extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == current.length) {
                if (eof) {
                    return -1;
                }
                byte[] next;
                try {
                    next = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                if (next == ABORT) {
                    throw new IOException("the upload was aborted");
                }
                if (next == END) {
                    eof = true;
                    return -1;
                }
                current = next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
