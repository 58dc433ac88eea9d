package dev.modelyard.base;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * The one retry for a race on a unique key: two requests create the same row (a model name, a generated job name, a
 * blob's digest) and the database's constraint lets one win. The loser runs its work again, and the next attempt
 * finds the winner's row. Any other integrity violation (NOT NULL, a foreign key, a check) is not a race and fails
 * at once.
 *
 * <p>{@code work} must run in a transaction of its own: a retry inside the transaction that failed would only see it
 * marked rollback-only.
 */
public final class UniqueViolations {

    /** SQLSTATE for a unique violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    /**
     * Runs {@code work}, again after a unique violation or a lock conflict (a racing insert of the same key that
     * timed out waiting for the winner's row lock), at most {@code attempts} times; the last failure is thrown.
     */
    public static <T> T retry(int attempts, Supplier<T> work) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException race) {
                if (attempt >= attempts || !isRace(race)) {
                    throw race;
                }
            }
        }
    }

    /** Whether {@code failure} is (or was caused by) the violation of a unique constraint. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRace(RuntimeException failure) {
        return failure instanceof PessimisticLockingFailureException || isUniqueViolation(failure);
    }
}
