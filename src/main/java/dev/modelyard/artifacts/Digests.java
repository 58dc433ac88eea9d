package dev.modelyard.artifacts;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 digests as clients write them: {@code sha256:<64 hex>} or the bare hex, any case. */
public final class Digests {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Digests() {
    }

    /** The lowercase hex of a client's digest; a 400 naming the field when it is not a SHA-256. */
    public static String parse(String field, String raw) {
        if (raw != null) {
            String s = raw.strip().toLowerCase(Locale.ROOT);
            if (s.startsWith("sha256:")) {
                s = s.substring("sha256:".length());
            }
            if (HEX.matcher(s).matches()) {
                return s;
            }
        }
        throw new InvalidInputException(field, SafeText.quote(raw == null ? "" : raw, 80)
                + " is not a SHA-256 digest (64 hex digits, optionally prefixed sha256:)");
    }
}
