package dev.modelyard.models.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.regex.Pattern;

/** A tag's text, and its number when the text is one: numeric comparisons run on the indexed number. */
@Embeddable
public record TagValue(@Column(name = "tag_value", nullable = false, length = 500) String value,
                       @Column(name = "tag_number") Double number) {

    /** Plain decimal notation only: no NaN, Infinity, hex or type suffixes that Double.parseDouble would take. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public static TagValue of(String value) {
        if (value.length() <= 64 && NUMBER.matcher(value).matches()) {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return new TagValue(value, parsed);
            }
        }
        return new TagValue(value, null);
    }
}
