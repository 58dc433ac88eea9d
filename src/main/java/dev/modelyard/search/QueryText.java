package dev.modelyard.search;

import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.TagCompare;

/** Edits query text the way the UI needs, such as adding a condition when a tag chip is clicked. */
public final class QueryText {

    private QueryText() {
    }

    /** Returns the query as typed plus {@code AND key=value} (quoted as needed), or just that term if the query is blank. */
    public static String and(String existingQuery, String key, String value) {
        // A top-level OR is parenthesised so the new term narrows all of it; a query that does not parse throws
        // QuerySyntaxException, since where the term belongs cannot be known.
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a tag key is required");
        }
        String term = QueryPrinter.print(new TagCompare(key, Op.EQ, value));
        if (QueryParser.parse(existingQuery).isEmpty()) {
            return term;
        }
        String existing = existingQuery.strip();
        return (hasTopLevelOr(existing) ? "(" + existing + ")" : existing) + " AND " + term;
    }

    /** Looks at the text, not the tree: the tree of {@code (a OR b)} is an OR too, but its text needs no more parentheses. */
    private static boolean hasTopLevelOr(String query) {
        QueryLexer lexer = new QueryLexer(query);
        int depth = 0;
        for (Token token = lexer.next(); token.kind() != Token.Kind.END; token = lexer.next()) {
            switch (token.kind()) {
                case LPAREN -> depth++;
                case RPAREN -> depth--;
                case OR -> {
                    if (depth == 0) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
