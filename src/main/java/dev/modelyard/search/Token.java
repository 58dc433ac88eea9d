package dev.modelyard.search;

/** One lexed piece of a query: a parenthesis, a keyword as typed, a whole term already turned into a leaf, or the end. */
record Token(Kind kind, int pos, String text, QueryNode term) {

    enum Kind { LPAREN, RPAREN, AND, OR, NOT, TERM, END }

    static Token of(Kind kind, int pos, String text) {
        return new Token(kind, pos, text, null);
    }

    static Token term(int pos, QueryNode term) {
        return new Token(Kind.TERM, pos, null, term);
    }

    /** True for tokens that can begin a term: a leaf, '(' or NOT. */
    boolean startsTerm() {
        return kind == Kind.TERM || kind == Kind.LPAREN || kind == Kind.NOT;
    }
}
