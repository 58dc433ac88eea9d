package dev.modelyard.base;

/** Quotes user text inside messages: shortened, with control characters made visible. */
public final class SafeText {

    private SafeText() {
    }

    public static String quote(String text, int max) {
        if (text == null) {
            return "''";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(text.length(), max);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > max) {
            out.append('…');
        }
        return out.append('\'').toString();
    }
}
