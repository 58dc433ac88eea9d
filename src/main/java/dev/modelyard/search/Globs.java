package dev.modelyard.search;

/** User globs ({@code *} any run, {@code ?} one char) turned into SQL LIKE patterns. */
public final class Globs {

    /** The escape character the patterns use; the SQL must say {@code LIKE ? ESCAPE '\'}. */
    public static final char ESCAPE = '\\';

    private Globs() {
    }

    /** Converts a user glob (* and ?) to a SQL LIKE pattern with '\\' as escape char, escaping %, _ and \ in the input. */
    public static String toLikePattern(String glob) {
        StringBuilder like = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                // LIKE's own wildcards and its escape char are ordinary characters in a glob.
                case '%', '_', '\\' -> like.append(ESCAPE).append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
