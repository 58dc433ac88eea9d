package dev.modelyard.base;

/** Renders untrusted text for messages: quoted, shortened, and with invisible or control characters escaped. */
public final class SafeText {

    /** Longest quoted text in a message; names can be far longer and would flood logs and dialogs. */
    public static final int MAX_SHOWN = 200;

    private SafeText() {
    }

    /** Returns {@code 'text'} with control, format and separator characters as backslash-u escapes, cut near 200 chars. */
    public static String quote(String raw) {
        return quote(raw, MAX_SHOWN);
    }

    /** As {@link #quote(String)}, cut near {@code max} characters. */
    public static String quote(String raw, int max) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), max) + 8).append('\'');
        int i = 0;
        while (i < raw.length()) {
            if (out.length() > max) {
                out.append('…');
                break;
            }
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (needsEscape(cp)) {
                out.append(cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%08X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append('\'').toString();
    }

    private static boolean needsEscape(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
