package dev.modelyard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Large scratch files of incompressible bytes, written fast, changed cheaply, hashed as a reference. */
final class BigFiles {

    private static final int CHUNK = 8 * 1024 * 1024;

    private BigFiles() {
    }

    /** Writes {@code size} random-looking bytes: one random 8 MB block, each copy stamped with its index. */
    static void write(Path file, long size, long seed) {
        byte[] block = new byte[CHUNK];
        new SplittableRandom(seed).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            for (long index = 0; written < size; index++) {
                buffer.clear();
                buffer.putLong(0, index ^ seed);
                buffer.limit((int) Math.min(CHUNK, size - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites the first 8 bytes, so the file is new content for a content-addressed store. */
    static void stamp(Path file, long value) {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(0, value);
            out.write(b, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of a file read through a 64 KB buffer: the least work that proves two uploads are the same. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flushes dirty pages, so a timed transfer does not pay for the writes of the one before it. */
    static void sync() {
        try {
            Process p = new ProcessBuilder("sync").inheritIO().start();
            p.waitFor(5, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
