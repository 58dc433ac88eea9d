package dev.modelyard.models;

import java.util.List;

/**
 * A registry search as MLflow's search endpoints express it: terms ANDed, an ordering, and a window. Parsing
 * the MLflow filter text into this belongs to the MLflow adapter; running it belongs here.
 */
public record RegistrySearch(List<Term> terms, List<Order> orders, int offset, int limit) {

    public RegistrySearch {
        terms = List.copyOf(terms);
        orders = List.copyOf(orders);
    }

    public enum Field { NAME, TAG, VERSION, RUN_ID, SOURCE }

    public enum Op { EQ, NE, LIKE, ILIKE, IN, LT, LE, GT, GE }

    /** {@code key} is the tag key for {@link Field#TAG}, else null; {@code values} has one element except for IN. */
    public record Term(Field field, String key, Op op, List<String> values) {
        public Term {
            values = List.copyOf(values);
        }
    }

    public enum SortKey { NAME, VERSION, CREATED, UPDATED }

    public record Order(SortKey key, boolean ascending) {
    }
}
