package dev.modelyard.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a {@code Range} header; multi-range requests are answered in full. */
record ByteRange(long start, long endInclusive) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return endInclusive - start + 1;
    }

    /**
     * Empty when there is no usable single range (serve the whole file).
     *
     * @throws UnsatisfiableRange when the range lies outside the file (answer 416)
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new UnsatisfiableRange();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (start >= size || end < start) {
                throw new UnsatisfiableRange();
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException tooBig) {
            throw new UnsatisfiableRange();
        }
    }

    static final class UnsatisfiableRange extends RuntimeException {
        UnsatisfiableRange() {
            super("range not satisfiable");
        }
    }
}
