package dev.modelyard.artifacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/** Streams a zip's entries into a sink, then checks its central directory; nothing is read by random access. */
final class ZipExtractor {

    /** Methods decoded in-process with bounded memory; others (xz, zstd, …) need extra libraries or are obsolete. */
    private static final Set<Integer> METHODS = Set.of(ZipEntry.STORED, ZipEntry.DEFLATED,
            ZipMethod.ENHANCED_DEFLATED.getCode(), ZipMethod.BZIP2.getCode());

    private static final long MIB = 1024 * 1024;

    private ZipExtractor() {
    }

    /** Extracts every entry of the zip in {@code raw} into {@code sink}. */
    static void extract(String archiveName, CountingInputStream raw, EntrySink sink, UploadLimits limits)
            throws IOException {
        CompressionMeter meter = new CompressionMeter(archiveName, raw, limits.maxCompressionRatio());
        TailCaptureInputStream tail = new TailCaptureInputStream(raw, centralDirectoryCap(limits), archiveName);
        // no stored entries with data descriptors: reading those means buffering the whole entry in memory
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(tail, StandardCharsets.UTF_8.name(), true,
                false, false)) {
            int streamed = 0;
            while (true) {
                // the call that reaches the central directory reads all of it; keep those bytes for the check below
                tail.startCapture();
                ZipArchiveEntry entry = zip.getNextEntry();
                if (entry == null) {
                    break;
                }
                tail.stopCapture();
                streamed++;
                String name = nameOf(entry);
                checkReadable(entry, zip, name, archiveName);
                if (entry.isDirectory()) {
                    sink.directory(name);
                    if (zip.read() >= 0) {
                        throw ArchiveFormat.refused(name, archiveName, "is a folder entry with content");
                    }
                } else {
                    sink.file(name, zip, meter);
                }
            }
            ZipCentralDirectory.verify(archiveName, tail.drainAndTake(), tail.captureStart(), streamed);
        }
    }

    /** A refusal for an encrypted entry. */
    static InvalidUploadException encrypted(String entryName, String archiveName) {
        return ArchiveFormat.refused(entryName, archiveName, "is encrypted; upload an unencrypted zip");
    }

    /**
     * The entry's name, but with backslashes kept: the zip library turns them into '/' for DOS-made entries,
     * which would accept names the rules reject everywhere else.
     */
    private static String nameOf(ZipArchiveEntry entry) {
        byte[] raw = entry.getRawName();
        for (byte b : raw) {
            if (b == '\\') {
                return new String(raw, StandardCharsets.UTF_8);
            }
        }
        return entry.getName();
    }

    private static void checkReadable(ZipArchiveEntry entry, ZipArchiveInputStream zip, String name,
                                      String archiveName) {
        if (entry.getGeneralPurposeBit().usesEncryption()) {
            throw encrypted(name, archiveName);
        }
        if (!METHODS.contains(entry.getMethod())) {
            ZipMethod method = ZipMethod.getMethodByCode(entry.getMethod());
            throw ArchiveFormat.refused(name, archiveName, "uses compression method "
                    + (method == null ? "#" + entry.getMethod() : method.name())
                    + ", which is not supported; use deflate");
        }
        if (!zip.canReadEntryData(entry)) {
            throw ArchiveFormat.refused(name, archiveName, "cannot be read as a stream (it is stored uncompressed "
                    + "with its size after the data); re-create the zip with deflate compression");
        }
    }

    /** Room for a central directory of maxEntries long names, clamped to keep a hostile one from using much memory. */
    private static long centralDirectoryCap(UploadLimits limits) {
        long wanted = 4 * MIB + (long) limits.maxEntries() * (2L * limits.maxPathLength() + 256);
        return Math.max(MIB, Math.min(wanted, 64 * MIB));
    }
}
