package dev.modelyard.base;

/** Builds SQL LIKE patterns from user text, which must match itself literally (escape character '\'). */
public final class SqlLike {

    public static final char ESCAPE = '\\';

    private SqlLike() {
    }

    /** The text with LIKE's wildcards and the escape character escaped. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern matching any value that contains the text. */
    public static String containing(String text) {
        return "%" + escape(text) + "%";
    }

    /** A pattern matching any value that starts with the text. */
    public static String startingWith(String text) {
        return escape(text) + "%";
    }
}
