package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import dev.modelyard.base.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The archive types an upload may be unpacked from, recognised by file name only. */
enum ArchiveFormat {
    ZIP("zip", List.of(".zip")),
    TAR("tar", List.of(".tar")),
    TAR_GZ("tar.gz", List.of(".tar.gz", ".tgz"));

    static final String LINK_REASON = "is a symbolic link; only regular files and folders are accepted";
    static final String SPECIAL_FILE_REASON =
            "is a device, pipe or socket; only regular files and folders are accepted";

    private final String label;
    private final List<String> suffixes;

    ArchiveFormat(String label, List<String> suffixes) {
        this.label = label;
        this.suffixes = suffixes;
    }

    /** Returns the format named by the file's suffix (case-insensitive), or throws InvalidUploadException. */
    static ArchiveFormat fromFileName(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        for (ArchiveFormat format : values()) {
            if (format.suffixes.stream().anyMatch(lower::endsWith)) {
                return format;
            }
        }
        throw new InvalidUploadException(SafeText.quote(fileName)
                + " is not a supported archive; supported types are .zip, .tar, .tar.gz and .tgz");
    }

    /** Reads the whole archive from {@code source}, handing each entry to {@code sink}; the source is not closed. */
    void extract(String archiveName, InputStream source, EntrySink sink, UploadLimits limits) {
        CountingInputStream raw = new CountingInputStream(source);
        try {
            switch (this) {
                case ZIP -> ZipExtractor.extract(archiveName, raw, sink, limits);
                case TAR -> TarExtractor.extract(archiveName, raw, false, sink, limits);
                case TAR_GZ -> TarExtractor.extract(archiveName, raw, true, sink, limits);
                default -> throw new IllegalStateException(name());
            }
        } catch (InvalidInputException | StagingFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // anything else the decoders throw means the bytes are not a well-formed archive of this type,
            // unless the upload stream itself broke underneath them
            if (raw.sourceFailed()) {
                throw new UncheckedIOException("reading the uploaded archive failed",
                        e instanceof IOException io ? io : new IOException(e));
            }
            throw new InvalidUploadException(SafeText.quote(archiveName) + " is not a valid " + label
                    + " archive (it is damaged, cut short, or of another type)");
        }
    }

    /** A refusal of one entry of an archive, naming both. */
    static InvalidUploadException refused(String entryName, String archiveName, String reason) {
        return new InvalidUploadException(SafeText.quote(entryName) + " in " + SafeText.quote(archiveName) + " "
                + reason);
    }
}
