package dev.modelyard.artifacts;

/**
 * Caps that one upload must stay within; any breach rejects the whole upload.
 *
 * @param maxEntries          most files (and, separately, most archive directory entries) one upload may hold
 * @param maxTotalBytes       most bytes all staged files together may hold
 * @param maxFileBytes        most bytes one staged file may hold
 * @param maxCompressionRatio most bytes an archive may expand to per byte read from it (above a 1 MiB floor)
 * @param maxPathLength       most characters in one relative path
 */
public record UploadLimits(int maxEntries, long maxTotalBytes, long maxFileBytes, int maxCompressionRatio,
                           int maxPathLength) {

    private static final long GIB = 1024L * 1024 * 1024;

    public UploadLimits {
        requirePositive(maxEntries, "maxEntries");
        requirePositive(maxTotalBytes, "maxTotalBytes");
        requirePositive(maxFileBytes, "maxFileBytes");
        requirePositive(maxCompressionRatio, "maxCompressionRatio");
        requirePositive(maxPathLength, "maxPathLength");
    }

    /** 10,000 entries, 20 GiB in total and per file, ratio 200, paths of up to 1,024 characters. */
    public static UploadLimits defaults() {
        return new UploadLimits(10_000, 20 * GIB, 20 * GIB, 200, 1024);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
