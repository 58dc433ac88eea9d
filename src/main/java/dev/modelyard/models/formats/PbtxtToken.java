package dev.modelyard.models.formats;

/** One lexical token; for strings {@code text} is the decoded value, for the rest the source text. */
record PbtxtToken(Type type, String text, Object value, int line, int column) {

    enum Type { IDENTIFIER, INTEGER, FLOAT, STRING, SYMBOL, END }

    boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    /** How the token reads in an error message. */
    String show() {
        return switch (type) {
            case END -> "end of file";
            case STRING -> "a string";
            default -> "'" + text + "'";
        };
    }
}
