package dev.modelyard.models.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the model views write sizes, times and shapes, so every tab says them the same way. */
final class DisplayFormats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

    private DisplayFormats() {
    }

    /**
     * Decimal units (1 KB = 1000 bytes), as the labels promise and as browsers and most file managers count:
     * "0 B", "782 B", "1.5 KB", "12 MB".
     */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = String.format(Locale.ROOT, "%.1f", value);
        if (number.endsWith(".0")) {
            number = number.substring(0, number.length() - 2);
        }
        return number + " " + UNITS[unit];
    }

    /** Minutes are enough on a page; the API has the exact instant. */
    static String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant);
    }

    /** A shape or dims list as written in configs: {@code [16]}, {@code [-1, 3]}; {@code []} for a scalar. */
    static String dims(List<?> dims) {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** "1 file", "3 files". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The text, or a dash when there is none, so an empty cell reads as "nothing" rather than "not loaded". */
    static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
