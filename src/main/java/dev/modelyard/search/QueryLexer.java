package dev.modelyard.search;

import static dev.modelyard.search.QueryChars.HAS;
import static dev.modelyard.search.QueryChars.TAG;

import dev.modelyard.base.SafeText;
import dev.modelyard.search.Conditions.Key;
import dev.modelyard.search.Conditions.Value;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.Text;
import dev.modelyard.search.Token.Kind;
import java.util.Locale;

/**
 * Splits query text into tokens on demand, so errors surface left to right as the parser reaches them.
 * A term is lexed whole: key, operator and value must touch ({@code auc>=0.9}), which keeps
 * {@code fraud AND risk} and {@code team=AND} unambiguous without lookahead over spaces.
 */
final class QueryLexer {

    private final String text;
    private int pos;
    private Token peeked;

    QueryLexer(String text) {
        this.text = text;
    }

    Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    Token next() {
        Token token = peek();
        peeked = null;
        return token;
    }

    private Token lex() {
        while (pos < text.length() && QueryChars.isSpace(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos == text.length()) {
            return Token.of(Kind.END, pos, "");
        }
        char c = text.charAt(pos);
        if (QueryChars.isParen(c)) {
            pos++;
            return Token.of(c == '(' ? Kind.LPAREN : Kind.RPAREN, start, String.valueOf(c));
        }
        if (QueryChars.isOperatorChar(c)) {
            String op = operatorRun();
            throw new QuerySyntaxException(start, "'" + op + "' needs a key right before it, as in key" + op
                    + "value with no spaces");
        }
        if (QueryChars.isQuote(c)) {
            return afterQuoted(start, quoted());
        }
        if (Character.isISOControl(c)) {
            throw controlCharacter(start);
        }
        return afterWord(start, word());
    }

    private Token afterQuoted(int start, String quoted) {
        if (atOperator()) {
            return comparison(start, new Key(quoted, start, true, false));
        }
        requireEndAfterQuote();
        if (quoted.isEmpty()) {
            throw new QuerySyntaxException(start, "empty quotes; put the text to search for between them");
        }
        return Token.term(start, new Text(quoted));
    }

    private Token afterWord(int start, String word) {
        if (atOperator()) {
            return comparisonAfterWord(start, word);
        }
        if (QueryChars.isKeyword(word)) {
            return Token.of(Kind.valueOf(word.toUpperCase(Locale.ROOT)), start, word);
        }
        boolean quoteFollows = pos < text.length() && QueryChars.isQuote(text.charAt(pos));
        if (quoteFollows && (word.equals(HAS) || word.equals(TAG))) {
            return quotedKey(start, word);
        }
        if (word.startsWith(HAS)) {
            if (word.length() == HAS.length()) {
                throw new QuerySyntaxException(pos, "expected a tag key after 'has:'");
            }
            requireEndAfterWord();
            return Token.term(start, Conditions.exists(new Key(word.substring(HAS.length()), start + HAS.length(), false, false)));
        }
        if (word.startsWith(TAG)) {
            throw tagWithoutOperator(start);
        }
        requireEndAfterWord();
        return Token.term(start, new Text(word));
    }

    private Token comparisonAfterWord(int start, String word) {
        if (word.startsWith(TAG)) {
            if (word.length() == TAG.length()) {
                throw new QuerySyntaxException(pos, "expected a tag key after 'tag:'");
            }
            return comparison(start, new Key(word.substring(TAG.length()), start + TAG.length(), false, true));
        }
        if (word.startsWith(HAS)) {
            throw hasWithOperator(start);
        }
        return comparison(start, new Key(word, start, false, false));
    }

    /** {@code has:"my key"} or {@code tag:"my key"=x}: the prefix followed directly by a quoted key. */
    private Token quotedKey(int start, String prefix) {
        int keyPos = pos;
        String key = quoted();
        if (prefix.equals(TAG)) {
            if (!atOperator()) {
                throw tagWithoutOperator(start);
            }
            return comparison(start, new Key(key, keyPos, true, true));
        }
        if (atOperator()) {
            throw hasWithOperator(start);
        }
        requireEndAfterQuote();
        return Token.term(start, Conditions.exists(new Key(key, keyPos, true, false)));
    }

    private Token comparison(int start, Key key) {
        int opPos = pos;
        String symbol = operatorRun();
        Op op = Op.fromSymbol(symbol).orElseThrow(() -> new QuerySyntaxException(opPos,
                "unknown operator '" + symbol + "'; use " + QueryChars.OPERATORS));
        return Token.term(start, Conditions.compare(key, op, opPos, value(op)));
    }

    private Value value(Op op) {
        int start = pos;
        if (pos == text.length()) {
            throw new QuerySyntaxException(pos, "expected a value after '" + op.symbol() + "' but the query ended");
        }
        char c = text.charAt(pos);
        if (QueryChars.isSpace(c)) {
            throw new QuerySyntaxException(pos, "expected a value right after '" + op.symbol()
                    + "', found a space; quote values that contain spaces");
        }
        if (QueryChars.isParen(c)) {
            throw new QuerySyntaxException(pos, "expected a value after '" + op.symbol() + "', found '" + c
                    + "'; quote values that contain parentheses");
        }
        if (QueryChars.isQuote(c)) {
            String quoted = quoted();
            requireEndAfterQuote();
            return new Value(quoted, start, true);
        }
        if (Character.isISOControl(c)) {
            throw controlCharacter(pos);
        }
        while (pos < text.length() && QueryChars.isValueChar(text.charAt(pos))) {
            pos++;
        }
        requireEndAfterWord();
        return new Value(text.substring(start, pos), start, false);
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && QueryChars.isWordChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String operatorRun() {
        int start = pos;
        while (pos < text.length() && QueryChars.isOperatorChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Reads a '...' or "..." string starting at pos; backslash escapes only quotes and itself. */
    private String quoted() {
        int open = pos;
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return out.toString();
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char escaped = text.charAt(pos + 1);
                if (escaped != '"' && escaped != '\'' && escaped != '\\') {
                    // Rejected rather than kept, so that a later meaning for \n or \* cannot change old queries.
                    throw new QuerySyntaxException(pos, "unknown escape " + SafeText.quote("\\" + escaped)
                            + "; inside quotes write \\\" or \\' for a quote and \\\\ for a backslash");
                }
                out.append(escaped);
                pos += 2;
                continue;
            }
            if (Character.isISOControl(c)) {
                throw controlCharacter(pos);
            }
            out.append(c);
            pos++;
        }
        throw new QuerySyntaxException(open, "unterminated quote; add a closing " + quote);
    }

    private boolean atOperator() {
        return pos < text.length() && QueryChars.isOperatorChar(text.charAt(pos));
    }

    /** A word or value must be followed by a space, ')' or the end; anything else would be silently glued on. */
    private void requireEndAfterWord() {
        if (pos == text.length()) {
            return;
        }
        char c = text.charAt(pos);
        if (QueryChars.isQuote(c)) {
            throw new QuerySyntaxException(pos, "a quote cannot start in the middle of a word or value; "
                    + "quote the whole of it or put a space before the quote");
        }
        requireSeparator(c, "here");
    }

    private void requireEndAfterQuote() {
        if (pos == text.length()) {
            return;
        }
        requireSeparator(text.charAt(pos), "after the closing quote");
    }

    private void requireSeparator(char c, String where) {
        if (QueryChars.isSpace(c) || c == ')') {
            return;
        }
        if (Character.isISOControl(c)) {
            throw controlCharacter(pos);
        }
        if (c == '(') {
            throw new QuerySyntaxException(pos, "expected a space before '('; quote values that contain parentheses");
        }
        throw new QuerySyntaxException(pos, "expected a space " + where);
    }

    private QuerySyntaxException controlCharacter(int at) {
        return new QuerySyntaxException(at, String.format("control character U+%04X is not allowed", (int) text.charAt(at)));
    }

    private static QuerySyntaxException hasWithOperator(int at) {
        return new QuerySyntaxException(at, "has: takes a tag key and no operator; write has:key to test that a tag "
                + "exists, or key=value to compare its value");
    }

    private static QuerySyntaxException tagWithoutOperator(int at) {
        return new QuerySyntaxException(at, "tag: needs an operator after the key, as in tag:name=value; "
                + "write has:key to test that a tag exists");
    }
}
