package dev.modelyard.search;

import dev.modelyard.search.QueryNode.And;
import dev.modelyard.search.QueryNode.CreatedCompare;
import dev.modelyard.search.QueryNode.FieldCompare;
import dev.modelyard.search.QueryNode.Not;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.Or;
import dev.modelyard.search.QueryNode.TagCompare;
import dev.modelyard.search.QueryNode.TagExists;
import dev.modelyard.search.QueryNode.TagNumber;
import dev.modelyard.search.QueryNode.Text;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders nodes as canonical query text: upper-case keywords, explicit AND, parentheses only where precedence
 * needs them, and quotes only where the lexer needs them. Parsing the text of a parsed node gives that node back.
 */
public final class QueryPrinter {

    /** Above this an integral double is printed in Java's exponent form rather than as a long digit string. */
    private static final double PLAIN_LIMIT = 1e15;

    private QueryPrinter() {
    }

    /** Returns the canonical query text for {@code node}. */
    public static String print(QueryNode node) {
        if (node instanceof And and) {
            return join(and.terms(), " AND ", true);
        }
        if (node instanceof Or or) {
            return join(or.terms(), " OR ", false);
        }
        if (node instanceof Not not) {
            return "NOT " + (isCombination(not.term()) ? "(" + print(not.term()) + ")" : print(not.term()));
        }
        if (node instanceof Text text) {
            return isBareText(text.text()) ? text.text() : QueryChars.quote(text.text());
        }
        if (node instanceof TagExists exists) {
            return QueryChars.HAS + bareOrQuotedKey(exists.key());
        }
        if (node instanceof TagCompare compare) {
            return tagKey(compare.key()) + compare.op().symbol() + value(compare.value());
        }
        if (node instanceof TagNumber number) {
            return tagKey(number.key()) + number.op().symbol() + number(number.value());
        }
        if (node instanceof FieldCompare field) {
            return field.field().queryName() + field.op().symbol() + value(field.value());
        }
        CreatedCompare created = (CreatedCompare) node;
        return QueryChars.CREATED + created.op().symbol() + instant(created.op(), created.value());
    }

    /** Renders the key of a tag comparison so that it reads back as that tag, never as a field or a prefix. */
    static String tagKey(String key) {
        if (QueryChars.TAG_KEY.matcher(key).matches()
                && (QueryChars.isBuiltInField(key) || key.startsWith(QueryChars.TAG) || key.startsWith(QueryChars.HAS))) {
            return QueryChars.TAG + key;
        }
        return bareOrQuotedKey(key);
    }

    /** Renders a comparison value, quoted when it would not read back alike bare. */
    static String value(String value) {
        boolean bare = !value.isEmpty()
                && !value.equals("*") // bare * after = means "the tag exists"
                && !QueryChars.isOperatorChar(value.charAt(0))
                && value.chars().allMatch(c -> QueryChars.isValueChar((char) c));
        return bare ? value : QueryChars.quote(value);
    }

    private static String join(List<QueryNode> terms, String keyword, boolean inAnd) {
        // Inside AND an OR needs parentheses (AND binds tighter); a nested AND in AND or OR in OR keeps its own,
        // which a parsed tree never has because the parser flattens them.
        return terms.stream()
                .map(t -> t instanceof Or || (inAnd && t instanceof And) ? "(" + print(t) + ")" : print(t))
                .collect(Collectors.joining(keyword));
    }

    private static boolean isCombination(QueryNode node) {
        return node instanceof And || node instanceof Or;
    }

    private static boolean isBareText(String text) {
        return !text.isEmpty()
                && text.chars().allMatch(c -> QueryChars.isWordChar((char) c))
                && !QueryChars.isKeyword(text)
                && !text.startsWith(QueryChars.HAS)
                && !text.startsWith(QueryChars.TAG);
    }

    private static String bareOrQuotedKey(String key) {
        return QueryChars.TAG_KEY.matcher(key).matches() ? key : QueryChars.quote(key);
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < PLAIN_LIMIT) {
            return Long.toString((long) value);
        }
        return Double.toString(value); // such as 0.9 or 1.0E-5; the parser accepts both forms exactly
    }

    private static String instant(Op op, Instant value) {
        // Show a plain date where the user most likely wrote one; = and != take instants only.
        if (op != Op.EQ && op != Op.NE) {
            var utc = value.atOffset(ZoneOffset.UTC);
            if (utc.toLocalTime().equals(LocalTime.MIDNIGHT) && utc.getYear() >= 0 && utc.getYear() <= 9999) {
                return utc.toLocalDate().toString();
            }
        }
        return value.toString();
    }
}
