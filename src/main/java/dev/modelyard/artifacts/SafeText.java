package dev.modelyard.artifacts;

/** Renders untrusted names for messages: quoted, shortened, and with invisible or control characters escaped. */
final class SafeText {

    /** Longest quoted text in a message; names can be far longer and would flood logs and dialogs. */
    static final int MAX_SHOWN = 200;

    private SafeText() {
    }

    /** Returns {@code 'name'} with control, format and separator characters as backslash-u escapes, cut near 200 chars. */
    static String quote(String raw) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_SHOWN) + 8).append('\'');
        int i = 0;
        while (i < raw.length()) {
            if (out.length() > MAX_SHOWN) {
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
