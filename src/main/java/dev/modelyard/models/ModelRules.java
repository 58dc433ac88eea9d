package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules every name, tag, property and description must pass, whichever surface it came through. */
public final class ModelRules {

    public static final int MAX_DESCRIPTION = 10_000;
    public static final int MAX_TAGS = 100;
    public static final int MAX_TAG_VALUE = 500;
    public static final int MAX_PROPERTY_VALUE = 5_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}");

    private ModelRules() {
    }

    /** Returns the name if valid, else throws with a message for the {@code name} field. */
    public static String requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException("name", "a model name is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "model name " + SafeText.quote(name, 80)
                    + " is invalid: use 1–255 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    public static void requireValidDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "a description has at most " + MAX_DESCRIPTION + " characters");
        }
    }

    public static void requireValidTags(Map<String, String> tags) {
        requireValidPairs("tags", "tag", tags, MAX_TAG_VALUE);
    }

    public static void requireValidProperties(Map<String, String> properties) {
        requireValidPairs("properties", "property", properties, MAX_PROPERTY_VALUE);
    }

    private static void requireValidPairs(String field, String noun, Map<String, String> pairs, int maxValue) {
        if (pairs.size() > MAX_TAGS) {
            throw new InvalidInputException(field, "at most " + MAX_TAGS + " " + field + " per version");
        }
        pairs.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new InvalidInputException(field, noun + " key " + SafeText.quote(key, 80) + " is invalid: use up to "
                        + "128 letters, digits, '_', '.', ':', '/' or '-', starting with a letter, digit or '_'");
            }
            if (value == null) {
                throw new InvalidInputException(field, noun + " '" + key + "' needs a value");
            }
            if (value.length() > maxValue) {
                throw new InvalidInputException(field, noun + " '" + key + "' has a value longer than " + maxValue + " characters");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException(field, noun + " '" + key + "' has a control character in its value");
            }
        });
    }
}
