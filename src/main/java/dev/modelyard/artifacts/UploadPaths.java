package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.text.Normalizer;

/**
 * Turns an untrusted file name into a canonical relative path, or refuses it.
 *
 * <p>Nothing is repaired silently: a name that is not already canonical is rejected, so what the user sees in the
 * registry is exactly what they sent (apart from Unicode NFC composition).
 */
public final class UploadPaths {

    /** Longest single folder or file name; the common limit of Linux, macOS and Windows file systems. */
    static final int MAX_SEGMENT_LENGTH = 255;

    private UploadPaths() {
    }

    /** Returns the canonical relative path ('/'-separated) or throws InvalidUploadException naming the offending name. */
    public static String normalize(String raw) {
        return normalize(raw, UploadLimits.defaults().maxPathLength());
    }

    /** Same as {@link #normalize(String)}, with the whole-path length cap given explicitly. */
    public static String normalize(String raw, int maxPathLength) {
        if (raw == null) {
            throw new InvalidUploadException("a file name is missing");
        }
        if (raw.isBlank()) {
            throw rejected(raw, "it is empty");
        }
        String path = Normalizer.normalize(raw, Normalizer.Form.NFC);
        // control characters first: they make every later message harder to read
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0) {
                throw rejected(raw, "it contains a NUL character");
            }
            if (isForbiddenCharacter(path, i)) {
                throw rejected(raw, "it contains a control or invisible formatting character");
            }
        }
        if (path.indexOf('\\') >= 0) {
            throw rejected(raw, "it contains a backslash; use '/' to separate folders");
        }
        if (path.startsWith("/")) {
            throw rejected(raw, "it is an absolute path; paths must be relative");
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && isAsciiLetter(path.charAt(0))) {
            throw rejected(raw, "it starts with a drive letter; paths must be relative");
        }
        if (path.length() > maxPathLength) {
            throw rejected(raw, "it is longer than " + maxPathLength + " characters");
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            checkSegment(raw, segments[i], i, segments.length);
        }
        return path;
    }

    private static void checkSegment(String raw, String segment, int index, int count) {
        if (segment.isEmpty()) {
            throw rejected(raw, index == count - 1 ? "it ends with '/'" : "it contains an empty folder name ('//')");
        }
        if (segment.equals(".")) {
            // 'tar -C dir .' writes names like './model.pkl'; say how to avoid it instead of guessing what was meant
            throw rejected(raw, index == 0
                    ? "it starts with '.'; archive the folder's contents by name (cd folder && tar -czf ../model.tgz *)"
                    + " rather than '.'"
                    : "it contains a '.' segment");
        }
        if (segment.equals("..")) {
            throw rejected(raw, "it contains a '..' segment");
        }
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw rejected(raw, "one of its parts is longer than " + MAX_SEGMENT_LENGTH + " characters");
        }
    }

    /**
     * ISO controls, line and paragraph separators (they break log lines), bidirectional overrides (they make a name
     * display as something it is not) and unpaired surrogates (they cannot be encoded as UTF-8 object keys).
     */
    private static boolean isForbiddenCharacter(String path, int i) {
        char c = path.charAt(i);
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(path.charAt(i - 1)));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static InvalidUploadException rejected(String raw, String reason) {
        return new RefusedName("file name " + SafeText.quote(raw) + " is not allowed: " + reason, reason);
    }

    /**
     * Why {@code raw} cannot be stored under exactly that name, or null when it can. Unlike {@link #normalize},
     * a name that Unicode normalisation would change is refused too: whoever asks this stores names as they are.
     */
    public static String refusal(String raw, int maxPathLength) {
        try {
            String path = normalize(raw, maxPathLength);
            if (!path.equals(raw)) {
                return "its name is not in Unicode normal form C, so it would be stored under a different name";
            }
            if (path.indexOf('\uFFFD') >= 0) {
                return "its name is not valid UTF-8";
            }
            return null;
        } catch (RefusedName e) {
            return e.reason;
        }
    }

    /** A refused name, with the bare reason for callers that list refusals by name. */
    private static final class RefusedName extends InvalidUploadException {
        private final String reason;

        RefusedName(String message, String reason) {
            super(message);
            this.reason = reason;
        }
    }
}
