package dev.modelyard.base;

/**
 * The time budget of every search and listing: {@code @Transactional(readOnly = true, timeoutString =
 * QueryBudget.TIMEOUT)}. Spring gives each statement of such a transaction the time left as its JDBC query timeout;
 * the database cancels a statement that overruns (H2 and PostgreSQL both stop its work), and the API answers 503.
 * Configured by {@code modelyard.query.timeout-seconds} (default 10): docs/decisions/010-durability-and-bounded-work.md.
 */
public final class QueryBudget {

    /** The transaction timeout, in seconds, as a placeholder Spring resolves against the configuration. */
    public static final String TIMEOUT = "${modelyard.query.timeout-seconds:10}";

    private QueryBudget() {
    }
}
