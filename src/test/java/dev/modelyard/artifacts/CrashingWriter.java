package dev.modelyard.artifacts;

import dev.modelyard.artifacts.storage.FilesystemBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A writer process for {@link StorageCrashTest}: runs the filesystem store against a data directory and stops at
 * a chosen point, saying so on stdout, until it is killed.
 *
 * <p>{@code before-rename}: every byte is written to the incoming file, then the process blocks inside the store,
 * before the fsync and the rename. {@code after-object}: the object is stored whole under its key, then the process
 * blocks where the registration would mark it stored and commit its manifest.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path incoming = Path.of(args[1]);
        String mode = args[2];
        String key = args[3];
        byte[] content = new byte[Integer.parseInt(args[4])];
        Arrays.fill(content, (byte) args[5].hashCode());
        FilesystemBlobStore store = new FilesystemBlobStore(root, incoming);
        InputStream bytes = new java.io.ByteArrayInputStream(content);
        InputStream source = mode.equals("before-rename") ? new BlockAtEnd(bytes) : bytes;
        store.put(key, source, content.length, null);
        System.out.println("STORED");
        System.out.flush();
        blockForever();
    }

    private static void blockForever() throws IOException {
        // the parent never writes to our stdin: this returns only when the process is killed
        System.in.read();
        throw new IllegalStateException("the test was meant to kill this process");
    }

    /** Hands over all bytes; the store's check for a longer stream then finds it blocked until the kill. */
    private static final class BlockAtEnd extends java.io.FilterInputStream {
        BlockAtEnd(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                System.out.println("WRITTEN");
                System.out.flush();
                blockForever();
            }
            return b;
        }
    }
}
