package dev.modelyard.base;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure caused by a dependency being unreachable (the database, the object store) from a bug, so
 * every surface can answer 503 with a clear message instead of 500 (docs/decisions/012).
 */
public final class Outages {

    public static final String DATABASE = "the database";
    public static final String STORAGE = "object storage";

    private Outages() {
    }

    /** Which dependency is out, when {@code failure} (or one of its causes) says one is unreachable. */
    public static Optional<String> dependencyOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageUnavailableException) {
                return Optional.of(STORAGE);
            }
            // a rollback on a connection the server dropped fails too, and hides the first failure here
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && rollback.getApplicationException() != failure) {
                Optional<String> first = dependencyOf(rollback.getApplicationException());
                if (first.isPresent()) {
                    return first;
                }
            }
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || isConnectionState(t) || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return Optional.of(DATABASE);
            }
        }
        return Optional.empty();
    }

    /** The message users see: what is out, and that nothing was changed by their request. */
    public static String message(String dependency) {
        return dependency + " is unavailable right now; nothing was changed, try again shortly";
    }

    /** SQLSTATE class 08: connection exception (PostgreSQL reports a lost server this way). */
    private static boolean isConnectionState(Throwable t) {
        return t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }
}
