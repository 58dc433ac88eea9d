package dev.modelyard.search;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed query. Leaves are conditions on one model; {@link And}, {@link Or} and {@link Not} combine them.
 * The constructors check the invariants the parser guarantees, so a translator can rely on them.
 * {@link QueryPrinter#print(QueryNode)} renders a node back into query text.
 */
public sealed interface QueryNode permits QueryNode.And, QueryNode.Or, QueryNode.Not, QueryNode.Text,
        QueryNode.TagExists, QueryNode.TagCompare, QueryNode.TagNumber, QueryNode.FieldCompare, QueryNode.CreatedCompare {

    /** Every term matches. The parser flattens nesting, so no term of a parsed {@code And} is an {@code And}. */
    record And(List<QueryNode> terms) implements QueryNode {
        public And {
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("an AND needs at least one term");
            }
        }
    }

    /** Some term matches. The parser flattens nesting, so no term of a parsed {@code Or} is an {@code Or}. */
    record Or(List<QueryNode> terms) implements QueryNode {
        public Or {
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("an OR needs at least one term");
            }
        }
    }

    /** The term does not match. */
    record Not(QueryNode term) implements QueryNode {
        public Not {
            Objects.requireNonNull(term, "term");
        }
    }

    /** Free text searched for in the name and the description. */
    record Text(String text) implements QueryNode {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The model has a tag with this key, whatever its value. */
    record TagExists(String key) implements QueryNode {
        public TagExists {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A tag's value as text; {@code op} is one of EQ, NE, GLOB, NOT_GLOB. */
    record TagCompare(String key, Op op, String value) implements QueryNode {
        public TagCompare {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            requireTextual(op);
        }
    }

    /** A tag's value read as a number; {@code op} is one of GT, GE, LT, LE. Tags whose value is no number never match. */
    record TagNumber(String key, Op op, double value) implements QueryNode {
        public TagNumber {
            Objects.requireNonNull(key, "key");
            if (!Objects.requireNonNull(op, "op").isOrdering()) {
                throw new IllegalArgumentException("a tag number comparison takes >, >=, < or <=, not " + op);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a tag number comparison needs a finite number");
            }
            // -0.0 and 0.0 compare alike in SQL; one value keeps equals() true for queries that mean the same.
            value = value == 0.0 ? 0.0 : value;
        }
    }

    /** A built-in text field; {@code op} is one of EQ, NE, GLOB, NOT_GLOB. */
    record FieldCompare(Field field, Op op, String value) implements QueryNode {
        public FieldCompare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
            requireTextual(op);
        }
    }

    /** The creation instant; {@code op} is any but GLOB and NOT_GLOB. */
    record CreatedCompare(Op op, Instant value) implements QueryNode {
        public CreatedCompare {
            Objects.requireNonNull(value, "value");
            if (Objects.requireNonNull(op, "op").isGlob()) {
                throw new IllegalArgumentException("created cannot be compared with a glob");
            }
        }
    }

    /** A comparison operator with the symbol users type. */
    enum Op {
        EQ("="), NE("!="), GLOB("~"), NOT_GLOB("!~"), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in a query, such as {@code >=}. */
        public String symbol() {
            return symbol;
        }

        /** True for GT, GE, LT and LE. */
        public boolean isOrdering() {
            return this == GT || this == GE || this == LT || this == LE;
        }

        /** True for GLOB and NOT_GLOB. */
        public boolean isGlob() {
            return this == GLOB || this == NOT_GLOB;
        }

        /** The operator written as {@code symbol}, if there is one. */
        public static Optional<Op> fromSymbol(String symbol) {
            return Arrays.stream(values()).filter(op -> op.symbol.equals(symbol)).findFirst();
        }
    }

    /** A built-in text field of a model, by the name queries use for it. */
    enum Field {
        NAME("name"), TYPE("type"), CREATED_BY("createdBy");

        private final String queryName;

        Field(String queryName) {
            this.queryName = queryName;
        }

        /** The field's name in a query: {@code name}, {@code type} or {@code createdBy}. */
        public String queryName() {
            return queryName;
        }

        /** The field named exactly {@code name} (case-sensitive), if there is one. */
        public static Optional<Field> fromQueryName(String name) {
            return Arrays.stream(values()).filter(f -> f.queryName.equals(name)).findFirst();
        }
    }

    private static void requireTextual(Op op) {
        Objects.requireNonNull(op, "op");
        if (op.isOrdering()) {
            throw new IllegalArgumentException("a text comparison takes =, !=, ~ or !~, not " + op);
        }
    }
}
