package dev.modelyard.models.formats;

import dev.modelyard.models.formats.PbtxtScalar.Kind;
import dev.modelyard.models.formats.PbtxtToken.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader for protobuf text format, the syntax of Triton's config.pbtxt, into a generic tree.
 * It knows no schema: which fields exist and what type they hold is the caller's business.
 *
 * <pre>
 * message := { field [ "," | ";" ] }
 * field   := name ":" ( scalar | message_block | "[" [ item { "," item } ] "]" )
 *          | name ( message_block | "[" [ message_block { "," message_block } ] "]" )
 * message_block := "{" message "}" | "&lt;" message "&gt;"
 * scalar  := string { string } | [ "-" ] number | [ "-" ] identifier
 * </pre>
 */
final class PbtxtParser {

    /** Triton configs nest four or five levels; the limit keeps hostile input from exhausting the stack. */
    static final int MAX_DEPTH = 64;

    private final PbtxtLexer lexer;

    private PbtxtParser(String text) {
        this.lexer = new PbtxtLexer(text);
    }

    /** The top-level message of {@code text}; throws {@link PbtxtException} with line and column on any error. */
    static PbtxtMessage parse(String text) {
        return new PbtxtParser(text).fields(null, 1, 1, 0);
    }

    private PbtxtMessage fields(String close, int line, int column, int depth) {
        List<PbtxtField> fields = new ArrayList<>();
        while (true) {
            PbtxtToken token = lexer.next();
            if (close == null ? token.type() == Type.END : token.isSymbol(close)) {
                return new PbtxtMessage(fields, line, column);
            }
            if (token.type() == Type.END || token.isSymbol("}") || token.isSymbol(">")) {
                String expected = close == null ? "a field name" : "'" + close + "' to close the message opened at line "
                        + line + ", column " + column;
                throw new PbtxtException(token.line(), token.column(), "expected " + expected + " but found " + token.show());
            }
            if (token.type() != Type.IDENTIFIER) {
                throw new PbtxtException(token.line(), token.column(), "expected a field name but found " + token.show());
            }
            field(token, fields, depth);
            PbtxtToken separator = lexer.peek();
            if (separator.isSymbol(",") || separator.isSymbol(";")) {
                lexer.next();
            }
        }
    }

    private void field(PbtxtToken name, List<PbtxtField> out, int depth) {
        PbtxtToken token = lexer.peek();
        boolean colon = token.isSymbol(":");
        if (colon) {
            lexer.next();
            token = lexer.peek();
        }
        if (opensMessage(token)) {
            out.add(new PbtxtField(name.text(), message(depth), name.line(), name.column()));
        } else if (token.isSymbol("[")) {
            list(name, out, colon, depth);
        } else if (colon) {
            out.add(new PbtxtField(name.text(), scalar(name), name.line(), name.column()));
        } else {
            throw new PbtxtException(token.line(), token.column(),
                    "expected ':' or '{' after field name '" + name.text() + "' but found " + token.show());
        }
    }

    /** A list is shorthand for repeating the field, so each item becomes its own occurrence. */
    private void list(PbtxtToken name, List<PbtxtField> out, boolean scalarsAllowed, int depth) {
        lexer.next();
        if (lexer.peek().isSymbol("]")) {
            lexer.next();
            return;
        }
        while (true) {
            PbtxtToken item = lexer.peek();
            PbtxtValue value;
            if (opensMessage(item)) {
                value = message(depth);
            } else if (scalarsAllowed) {
                value = scalar(name);
            } else {
                throw new PbtxtException(item.line(), item.column(), "expected '{' to start the next message in the list '"
                        + name.text() + "' but found " + item.show() + " (a list of values needs ':' before '[')");
            }
            out.add(new PbtxtField(name.text(), value, item.line(), item.column()));
            PbtxtToken after = lexer.next();
            if (after.isSymbol("]")) {
                return;
            }
            if (!after.isSymbol(",")) {
                throw new PbtxtException(after.line(), after.column(),
                        "expected ',' or ']' in the list '" + name.text() + "' but found " + after.show());
            }
        }
    }

    private PbtxtMessage message(int depth) {
        PbtxtToken open = lexer.next();
        if (depth + 1 > MAX_DEPTH) {
            throw new PbtxtException(open.line(), open.column(), "messages are nested deeper than " + MAX_DEPTH + " levels");
        }
        return fields(open.isSymbol("{") ? "}" : ">", open.line(), open.column(), depth + 1);
    }

    private PbtxtScalar scalar(PbtxtToken name) {
        PbtxtToken token = lexer.next();
        switch (token.type()) {
            case STRING -> {
                // Adjacent strings join, as in C, so long values can span lines.
                StringBuilder joined = new StringBuilder(token.text());
                while (lexer.peek().type() == Type.STRING) {
                    joined.append(lexer.next().text());
                }
                return new PbtxtScalar(Kind.STRING, joined.toString(), token.line(), token.column());
            }
            case INTEGER -> {
                return new PbtxtScalar(Kind.INTEGER, token.value(), token.line(), token.column());
            }
            case FLOAT -> {
                return new PbtxtScalar(Kind.FLOAT, token.value(), token.line(), token.column());
            }
            case IDENTIFIER -> {
                return new PbtxtScalar(Kind.IDENTIFIER, token.text(), token.line(), token.column());
            }
            case SYMBOL -> {
                if (token.isSymbol("-")) {
                    return negative(token);
                }
            }
            default -> {
            }
        }
        throw new PbtxtException(token.line(), token.column(),
                "expected a value for field '" + name.text() + "' but found " + token.show());
    }

    private PbtxtScalar negative(PbtxtToken minus) {
        PbtxtToken token = lexer.next();
        if (token.type() == Type.INTEGER) {
            return new PbtxtScalar(Kind.INTEGER, ((BigInteger) token.value()).negate(), minus.line(), minus.column());
        }
        if (token.type() == Type.FLOAT) {
            return new PbtxtScalar(Kind.FLOAT, -(Double) token.value(), minus.line(), minus.column());
        }
        if (token.type() == Type.IDENTIFIER && isInfinityOrNan(token.text())) {
            double value = token.text().equalsIgnoreCase("nan") ? Double.NaN : Double.NEGATIVE_INFINITY;
            return new PbtxtScalar(Kind.FLOAT, value, minus.line(), minus.column());
        }
        throw new PbtxtException(token.line(), token.column(), "expected a number after '-' but found " + token.show());
    }

    private static boolean isInfinityOrNan(String word) {
        return word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity") || word.equalsIgnoreCase("nan");
    }

    private static boolean opensMessage(PbtxtToken token) {
        return token.isSymbol("{") || token.isSymbol("<");
    }
}
