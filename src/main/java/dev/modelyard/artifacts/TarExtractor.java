package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Streams a tar or tar.gz archive's regular files and folders into a sink, refusing every other entry type. */
final class TarExtractor {

    /** Most bytes of headers, long names and PAX records before one entry; real ones are a few KiB. */
    static final long HEADER_BYTES_PER_ENTRY = 1024 * 1024;

    /** Header bytes allowed per permitted entry over the whole archive (PAX tar spends about 1.5 KiB per entry). */
    static final long HEADER_BYTES_PER_ALLOWED_ENTRY = 4 * 1024;

    private static final int GZIP_BUFFER = 64 * 1024;

    private TarExtractor() {
    }

    /** Extracts every entry of the (optionally gzipped) tar in {@code raw} into {@code sink}. */
    static void extract(String archiveName, CountingInputStream raw, boolean gzipped, EntrySink sink,
                        UploadLimits limits) throws IOException {
        CompressionMeter meter = new CompressionMeter(archiveName, raw, limits.maxCompressionRatio());
        // the JDK's gzip reader skips the optional name and comment fields instead of buffering them
        InputStream plain = gzipped ? new GZIPInputStream(raw, GZIP_BUFFER) : raw;
        // files and folder entries are each capped at maxEntries, hence the factor 2
        long totalHeaderBytes = 8 * HEADER_BYTES_PER_ENTRY
                + 2L * limits.maxEntries() * HEADER_BYTES_PER_ALLOWED_ENTRY;
        HeaderBudgetInputStream headers = new HeaderBudgetInputStream(plain, archiveName, HEADER_BYTES_PER_ENTRY,
                totalHeaderBytes);
        try (StrictTarInputStream tar = new StrictTarInputStream(headers)) {
            while (true) {
                headers.limit();
                TarArchiveEntry entry = tar.getNextEntry();
                headers.unlimited();
                if (entry == null) {
                    return;
                }
                accept(entry, tar, sink, meter, archiveName);
            }
        }
    }

    private static void accept(TarArchiveEntry entry, InputStream data, EntrySink sink, CompressionMeter meter,
                               String archiveName) throws IOException {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            throw ArchiveFormat.refused(name, archiveName, ArchiveFormat.LINK_REASON);
        }
        if (entry.isLink()) {
            throw ArchiveFormat.refused(name, archiveName,
                    "is a hard link; only regular files and folders are accepted");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw ArchiveFormat.refused(name, archiveName, ArchiveFormat.SPECIAL_FILE_REASON);
        }
        if (entry.isDirectory()) {
            sink.directory(name);
            // the tar library never reads a folder's data, so any would be parsed as headers
            if (entry.getSize() != 0) {
                throw ArchiveFormat.refused(name, archiveName, "is a folder entry with content");
            }
            return;
        }
        byte type = entry.getLinkFlag();
        if (type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM && type != TarConstants.LF_CONTIG) {
            throw ArchiveFormat.refused(name, archiveName, "has the unsupported tar entry type "
                    + SafeText.quote(String.valueOf((char) (type & 0xFF))));
        }
        if (entry.isSparse()) {
            throw ArchiveFormat.refused(name, archiveName, "is a sparse file, which is not supported");
        }
        sink.file(name, data, meter);
    }

    /** A tar reader that treats a stream ending without the end-of-archive blocks as cut short, not as complete. */
    private static final class StrictTarInputStream extends TarArchiveInputStream {

        StrictTarInputStream(InputStream in) {
            super(in, StandardCharsets.UTF_8.name());
        }

        @Override
        protected byte[] readRecord() throws IOException {
            byte[] record = super.readRecord();
            if (record == null && !isAtEOF()) {
                throw new EOFException("tar archive ends without its end-of-archive marker");
            }
            return record;
        }
    }
}
