package dev.modelyard.jobs;

import java.util.List;

/**
 * A search over runs or experiments as MLflow's tracking search expresses it: terms ANDed, an ordering, and a
 * window. Parsing MLflow's filter text into this belongs to the MLflow adapter; running it belongs here
 * (docs/decisions/014-mlflow-compatibility.md).
 */
public record TrackingSearch(List<Term> terms, List<Order> orders, int offset, int limit) {

    public TrackingSearch {
        terms = List.copyOf(terms);
        orders = List.copyOf(orders);
    }

    /** What a term or order names: a run's latest metric, a param, a tag, a dataset field, or an attribute. */
    public enum Kind { METRIC, PARAM, TAG, DATASET, ATTRIBUTE }

    public enum Op { EQ, NE, LT, LE, GT, GE, LIKE, ILIKE, IN, NOT_IN }

    /**
     * Run attributes: run_id, run_name, status, user_id, start_time, end_time, experiment_id; experiment
     * attributes: name, experiment_id, creation_time, last_update_time. Dataset fields: name, digest, context.
     * Numeric values are given as text and parsed by the query; {@code values} has one element except for IN.
     */
    public record Term(Kind kind, String key, Op op, List<String> values) {
        public Term {
            values = List.copyOf(values);
        }
    }

    public record Order(Kind kind, String key, boolean ascending) {
    }
}
