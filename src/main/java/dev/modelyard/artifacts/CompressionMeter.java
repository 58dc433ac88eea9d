package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;

/**
 * Watches one archive's expansion: extracted bytes may not exceed the ratio times the compressed bytes read so far
 * (with a 1 MiB floor, so small, very compressible archives pass). Checked on every read, so a bomb is stopped after
 * a bounded amount of output rather than after it has filled the disk.
 */
final class CompressionMeter {

    /** Below this many compressed bytes the ratio is measured against this floor instead. */
    static final long FLOOR_BYTES = 1024 * 1024;

    private final String archiveName;
    private final CountingInputStream compressed;
    private final int maxRatio;
    private long extracted;

    CompressionMeter(String archiveName, CountingInputStream compressed, int maxRatio) {
        this.archiveName = archiveName;
        this.compressed = compressed;
        this.maxRatio = maxRatio;
    }

    /** How many more bytes may be extracted given what has been read so far; never negative. */
    long room() {
        return Math.max(0, allowed() - extracted);
    }

    /** Counts {@code bytes} more extracted bytes; throws InvalidUploadException once the ratio is exceeded. */
    void extracted(long bytes) {
        extracted += bytes;
        if (extracted > allowed()) {
            throw new InvalidUploadException(SafeText.quote(archiveName) + " expands to more than " + maxRatio
                    + " times its compressed size, which looks like a compression bomb; it was not extracted");
        }
    }

    private long allowed() {
        long base = Math.max(compressed.count(), FLOOR_BYTES);
        return base > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : base * maxRatio;
    }
}
