package dev.modelyard.base.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How every page writes sizes, times, durations and messages, so the model pages, the job pages and the upload
 * say them the same way (one class since issue 13: the job pages had a copy of their own).
 */
public final class DisplayFormats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME_SECONDS = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};
    private static final String DASH = "—";

    private DisplayFormats() {
    }

    /**
     * Decimal units (1 KB = 1000 bytes), as the labels promise and as browsers and most file managers count:
     * "0 B", "782 B", "1.5 KB", "12 MB".
     */
    public static String bytes(long bytes) {
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

    /** Minutes are enough on a model page; the API has the exact instant. A dash for none. */
    public static String dateTime(Instant instant) {
        return instant == null ? DASH : DATE_TIME.format(instant);
    }

    /** With seconds, for jobs: most of their steps take a few. A dash for none. */
    public static String dateTimeSeconds(Instant instant) {
        return instant == null ? DASH : DATE_TIME_SECONDS.format(instant);
    }

    /** From {@code start} to {@code end}, or to {@code now} while there is no end; a dash before the start. */
    public static String duration(Instant start, Instant end, Instant now) {
        if (start == null) {
            return DASH;
        }
        Instant until = end == null ? now : end;
        return duration(Duration.between(start, until.isBefore(start) ? start : until));
    }

    /** "0.4 s", "12 s", "3 min 05 s", "2 h 07 min", "3 d 4 h": as precise as a reader needs at that length. */
    public static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %d h", s / 86_400, s % 86_400 / 3600);
    }

    /** A shape or dims list as written in configs: {@code [16]}, {@code [-1, 3]}; {@code []} for a scalar. */
    public static String dims(List<?> dims) {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** "1 file", "3 files". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The text, or a dash when there is none, so an empty cell reads as "nothing" rather than "not loaded". */
    public static String orDash(String text) {
        return text == null || text.isBlank() ? DASH : text;
    }

    /**
     * Service messages are written to fit after "error: "; on a form they stand alone: a capital first letter and
     * a full stop.
     */
    public static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") || text.endsWith("?") || text.endsWith("!") ? text : text + ".";
    }
}
