package dev.modelyard.models.ui;

import java.util.Locale;

/** Byte counts for people: decimal units, as file managers and browsers show them ("2.3 MB"). */
final class ByteSizes {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSizes() {
    }

    /** Returns e.g. "0 B", "782 B", "2.3 kB", "1.5 GB"; one decimal below 100 of a unit, none above. */
    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        String pattern = value < 100 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, pattern, value, UNITS[unit]);
    }
}
