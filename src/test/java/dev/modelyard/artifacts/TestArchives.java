package dev.modelyard.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds ordinary and hostile archives in memory (or, for bombs, lazily into a file) for the tests. */
final class TestArchives {

    private TestArchives() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A zip written the way a client streaming its output would, with data descriptors after deflated data. */
    static final class Zip {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes);

        Zip file(String name, String content) {
            return file(name, utf8(content));
        }

        Zip file(String name, byte[] content) {
            return entry(new ZipArchiveEntry(name), content);
        }

        Zip dir(String name) {
            return entry(new ZipArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
        }

        /** A symlink as Info-ZIP stores one: the target as content, the link type only in the central directory. */
        Zip symlink(String name, String target) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
            return entry(entry, utf8(target));
        }

        Zip entry(ZipArchiveEntry entry, byte[] content) {
            try {
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] bytes() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** A tar using PAX headers for long names. */
    static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(true);
        }

        Tar file(String name, String content) {
            return file(name, utf8(content));
        }

        Tar file(String name, byte[] content) {
            // 'true' keeps a leading '/', which the library would otherwise strip while writing
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length);
            return entry(entry, content);
        }

        Tar dir(String name) {
            return entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), new byte[0]);
        }

        Tar link(String name, byte type, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, type);
            entry.setLinkName(target);
            return entry(entry, new byte[0]);
        }

        Tar symlink(String name, String target) {
            return link(name, TarConstants.LF_SYMLINK, target);
        }

        Tar hardLink(String name, String target) {
            return link(name, TarConstants.LF_LINK, target);
        }

        Tar entry(TarArchiveEntry entry, byte[] content) {
            try {
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] bytes() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        byte[] gzipped() {
            return gzip(bytes());
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /** Writes a zip holding one entry of {@code zeros} zero bytes, generated in 64 KiB steps, never all in memory. */
    static Path zipBomb(Path file, long zeros) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setLevel(9);
            zip.putArchiveEntry(new ZipArchiveEntry("weights.bin"));
            writeZeros(zip, zeros);
            zip.closeArchiveEntry();
        }
        return file;
    }

    /** Writes a tar.gz holding one entry of {@code zeros} zero bytes, generated lazily. */
    static Path tarGzBomb(Path file, long zeros) throws IOException {
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry("weights.bin");
            entry.setSize(zeros);
            tar.putArchiveEntry(entry);
            writeZeros(tar, zeros);
            tar.closeArchiveEntry();
        }
        return file;
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        for (long left = count; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }
}
