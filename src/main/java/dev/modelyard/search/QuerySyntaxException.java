package dev.modelyard.search;

import dev.modelyard.base.InvalidInputException;

/** A query the parser refuses; the message names the 1-based column so the search box can point at the problem. */
public class QuerySyntaxException extends InvalidInputException {

    /** The input field every query error concerns: the {@code q} request parameter. */
    public static final String FIELD = "q";

    private final int position;

    /** Builds "at column N: detail" for the 0-based {@code position}. */
    public QuerySyntaxException(int position, String detail) {
        super(FIELD, "at column " + (position + 1) + ": " + detail);
        this.position = position;
    }

    /** The 0-based char index of the problem; the query's length when the query ended too early. */
    public int position() {
        return position;
    }
}
