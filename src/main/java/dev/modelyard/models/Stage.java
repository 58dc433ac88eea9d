package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.Arrays;
import java.util.Locale;

/** MLflow's stage labels (deprecated upstream in favour of aliases, still sent by older clients). */
public enum Stage {
    NONE("None"), STAGING("Staging"), PRODUCTION("Production"), ARCHIVED("Archived");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a label case-insensitively, as MLflow does. */
    public static Stage parse(String raw) {
        return Arrays.stream(values()).filter(s -> raw != null && s.label.toLowerCase(Locale.ROOT)
                        .equals(raw.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new InvalidInputException("stage", "stage " + SafeText.quote(raw, 40)
                        + " is not one of None, Staging, Production, Archived"));
    }
}
