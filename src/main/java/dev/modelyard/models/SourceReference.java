package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * The one canonical form of a reference to artifacts Modelyard owns ({@code runs:/}, {@code models:/},
 * {@code mlflow-artifacts:/}, {@code azureml://jobs/}, {@code jobs:/}). Every surface passes a source through
 * {@link #canonical} once, before anything is resolved or written, and the string it returns is the one that is
 * resolved and stored: no second decoding can make it mean something else (docs/decisions/014).
 *
 * <p>Refused outright, whatever follows: any other scheme ({@code file:}, {@code s3:}, {@code http:}, a bare path,
 * {@code //proc/…}), a host part ({@code runs://evil/…}), percent escapes ({@code %2e%2e}, {@code %252e}),
 * backslashes, query, fragment and parameter suffixes ({@code ?}, {@code #}, {@code ;}), whitespace and control
 * characters, and {@code .} or {@code ..} segments. A trailing {@code /} is dropped.
 */
public final class SourceReference {

    public static final int MAX_LENGTH = 1024;
    /** The accepted prefixes; each is followed by at least one path segment. */
    public static final List<String> SCHEMES = List.of("runs:/", "models:/", "mlflow-artifacts:/", "azureml://jobs/", "jobs:/");

    private SourceReference() {
    }

    /** The canonical form of {@code raw}, or an INVALID_PARAMETER_VALUE-style 400 saying what is wrong and where. */
    public static String canonical(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid(raw, "a source is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid(raw, "it is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!allowed(c)) {
                throw invalid(raw, "character " + SafeText.quote(String.valueOf(c)) + " at position " + (i + 1)
                        + " is not allowed (no escapes, backslashes, queries, fragments, ';' or spaces)");
            }
        }
        String scheme = SCHEMES.stream().filter(raw::startsWith).findFirst().orElseThrow(() -> invalid(raw,
                "only references to artifacts Modelyard stores are accepted: " + String.join("…, ", SCHEMES) + "…"));
        String rest = raw.substring(scheme.length());
        if (rest.startsWith("/")) {
            throw invalid(raw, "it names a host or an absolute path after '" + scheme + "'");
        }
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            throw invalid(raw, "it names nothing after '" + scheme + "'");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(raw, "it has an empty, '.' or '..' path segment");
            }
            if (segment.indexOf(':') >= 0) {
                throw invalid(raw, "':' may appear only in the scheme");
            }
            if (segment.indexOf('@') >= 0 && !scheme.equals("models:/")) {
                throw invalid(raw, "'@' (an alias) may appear only in models:/ references");
            }
            segments.add(segment);
        }
        return scheme + String.join("/", segments);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':' || c == '@' || c == '+'
                || c == '=' || c == ',';
    }

    private static InvalidInputException invalid(String raw, String why) {
        return new InvalidInputException("source", "source " + SafeText.quote(raw, 120) + " is refused: " + why);
    }
}
