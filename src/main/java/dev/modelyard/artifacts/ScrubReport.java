package dev.modelyard.artifacts;

import java.time.Instant;
import java.util.List;

/**
 * What a scrub found: every stored object re-read and re-hashed.
 *
 * @param problems the missing or corrupt objects, at most {@link #MAX_LISTED}; {@code problemCount} counts all
 */
public record ScrubReport(Instant startedAt, Instant finishedAt, long objectsChecked, long bytesChecked,
                          int missing, int corrupt, int problemCount, List<Problem> problems) {

    public static final int MAX_LISTED = 1000;

    public boolean clean() {
        return problemCount == 0;
    }

    /**
     * One damaged object.
     *
     * @param kind      {@code missing} (the store has no such object) or {@code corrupt} (its bytes hash differently)
     * @param files     how many stored files have this content; {@code examplePaths} names a few of them
     */
    public record Problem(String sha256, String kind, String detail, long files, List<String> examplePaths) {
    }
}
