package dev.modelyard.search;

import java.util.regex.Pattern;

/** Which characters do what in query text; the lexer and the printer share these so printed text lexes back alike. */
final class QueryChars {

    /** Same rule as the registry applies to stored tag keys, so an unquoted key can name every real tag. */
    static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}");
    static final int MAX_KEY = 128;
    static final String TAG_KEY_RULE = "use up to 128 letters, digits, '_', '.', ':', '/' or '-', "
            + "starting with a letter, digit or '_'";

    static final String HAS = "has:";
    static final String TAG = "tag:";
    static final String CREATED = "created";
    static final String OPERATORS = "=, !=, ~, !~, >, >=, <, <=";

    private QueryChars() {
    }

    /** Separates terms; no-break and other Unicode spaces count, since users paste them without seeing them. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isOperatorChar(char c) {
        return c == '=' || c == '!' || c == '~' || c == '<' || c == '>';
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    static boolean isParen(char c) {
        return c == '(' || c == ')';
    }

    /** May appear in an unquoted value: anything but spaces, parentheses, quotes and control characters. */
    static boolean isValueChar(char c) {
        return !isSpace(c) && !isParen(c) && !isQuote(c) && !Character.isISOControl(c);
    }

    /** May appear in an unquoted word or key: a value character that does not start an operator. */
    static boolean isWordChar(char c) {
        return isValueChar(c) && !isOperatorChar(c);
    }

    static boolean isKeyword(String word) {
        return word.equalsIgnoreCase("AND") || word.equalsIgnoreCase("OR") || word.equalsIgnoreCase("NOT");
    }

    static boolean isBuiltInField(String name) {
        return name.equals(CREATED) || QueryNode.Field.fromQueryName(name).isPresent();
    }

    /** Puts {@code text} in double quotes with the only escapes the lexer knows: backslash-quote and backslash-backslash. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
