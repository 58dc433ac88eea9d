package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;
import java.util.Locale;

/** Which versions a listing includes: active ones (the default), archived ones, or all. */
public enum ArchivedFilter {
    ACTIVE, ARCHIVED, ALL;

    /** Parses the API's {@code archived} parameter: false, true or all. */
    public static ArchivedFilter fromParameter(String value) {
        if (value == null || value.isBlank()) {
            return ACTIVE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "false" -> ACTIVE;
            case "true" -> ARCHIVED;
            case "all" -> ALL;
            default -> throw new InvalidInputException("archived must be false, true or all");
        };
    }
}
