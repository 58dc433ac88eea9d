package dev.modelyard.jobs.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the job pages write times, durations and sizes, so the list, the timeline and the tabs agree. */
final class JobFormats {

    /** Seconds matter for jobs (most steps take a few), unlike on the model pages. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

    private JobFormats() {
    }

    static String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant);
    }

    /** From {@code start} to {@code end}, or to {@code now} while there is no end; a dash before the start. */
    static String duration(Instant start, Instant end, Instant now) {
        if (start == null) {
            return "—";
        }
        Instant until = end == null ? now : end;
        return duration(Duration.between(start, until.isBefore(start) ? start : until));
    }

    /** "0.4 s", "12 s", "3 min 05 s", "2 h 07 min", "3 d 4 h": as precise as a reader needs at that length. */
    static String duration(Duration d) {
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

    /** Decimal units as the model pages write them: "782 B", "1.5 KB", "12 MB". */
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
        return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + UNITS[unit];
    }

    static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }

    /** Service messages fit after "error: "; beside a field they stand alone, capitalised and with a full stop. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
