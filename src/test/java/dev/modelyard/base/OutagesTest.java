package dev.modelyard.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "a dependency is out" (503) and which are bugs or bad input. */
class OutagesTest {

    @Test
    void lost_connections_to_the_database_are_outages_of_the_database() {
        assertThat(Outages.dependencyOf(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out")))).contains(Outages.DATABASE);
        assertThat(Outages.dependencyOf(new RuntimeException(new SQLException("I/O error", "08006"))))
                .contains(Outages.DATABASE);
        assertThat(Outages.dependencyOf(new DataAccessResourceFailureException("broken pipe"))).contains(Outages.DATABASE);
    }

    @Test
    void a_failed_rollback_hiding_a_lost_connection_is_still_an_outage() {
        TransactionSystemException rollback = new TransactionSystemException("could not roll back");
        rollback.initApplicationException(new DataAccessResourceFailureException("I/O error"));
        assertThat(Outages.dependencyOf(rollback)).contains(Outages.DATABASE);
    }

    @Test
    void an_unreachable_object_store_is_an_outage_of_storage() {
        assertThat(Outages.dependencyOf(new StorageUnavailableException("object storage failed", new ConnectException())))
                .contains(Outages.STORAGE);
    }

    @Test
    void constraint_violations_and_bugs_are_not_outages() {
        assertThat(Outages.dependencyOf(new DataIntegrityViolationException("duplicate key"))).isEmpty();
        assertThat(Outages.dependencyOf(new RuntimeException(new SQLException("syntax", "42601")))).isEmpty();
        assertThat(Outages.dependencyOf(new IllegalStateException("boom"))).isEmpty();
    }
}
