package dev.modelyard.search;

import dev.modelyard.search.QueryNode.And;
import dev.modelyard.search.QueryNode.CreatedCompare;
import dev.modelyard.search.QueryNode.Field;
import dev.modelyard.search.QueryNode.FieldCompare;
import dev.modelyard.search.QueryNode.Not;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.Or;
import dev.modelyard.search.QueryNode.TagCompare;
import dev.modelyard.search.QueryNode.TagExists;
import dev.modelyard.search.QueryNode.TagNumber;
import dev.modelyard.search.QueryNode.Text;
import java.time.Instant;
import java.util.List;

/** Short constructors for expected trees, so a test reads like the query it checks. */
final class Nodes {

    private Nodes() {
    }

    static QueryNode parse(String query) {
        return QueryParser.parse(query).orElseThrow(() -> new AssertionError("parsed to nothing: " + query));
    }

    static QueryNode and(QueryNode... terms) {
        return new And(List.of(terms));
    }

    static QueryNode or(QueryNode... terms) {
        return new Or(List.of(terms));
    }

    static QueryNode not(QueryNode term) {
        return new Not(term);
    }

    static QueryNode text(String text) {
        return new Text(text);
    }

    static QueryNode has(String key) {
        return new TagExists(key);
    }

    static QueryNode tag(String key, Op op, String value) {
        return new TagCompare(key, op, value);
    }

    static QueryNode tag(String key, String value) {
        return new TagCompare(key, Op.EQ, value);
    }

    static QueryNode number(String key, Op op, double value) {
        return new TagNumber(key, op, value);
    }

    static QueryNode field(Field field, Op op, String value) {
        return new FieldCompare(field, op, value);
    }

    static QueryNode created(Op op, String instant) {
        return new CreatedCompare(op, Instant.parse(instant));
    }
}
