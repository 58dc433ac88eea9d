package dev.modelyard.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The one retry on a unique-key race, against a real H2 table with a real UNIQUE constraint. */
class UniqueViolationsTest {

    Connection keepAlive;
    JdbcTemplate jdbc;

    @BeforeEach
    void createTable() throws SQLException {
        String url = "jdbc:h2:mem:unique-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url);
        JdbcDataSource data = new JdbcDataSource();
        data.setURL(url);
        jdbc = new JdbcTemplate(data);
        jdbc.execute("CREATE TABLE thing (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE)");
    }

    @AfterEach
    void drop() throws SQLException {
        keepAlive.close();
    }

    @Test
    void a_unique_violation_is_retried_and_the_next_attempt_wins() {
        jdbc.update("INSERT INTO thing VALUES (1, 'taken')");
        AtomicInteger attempts = new AtomicInteger();
        String[] names = {"taken", "free"};

        String stored = UniqueViolations.retry(5, () -> {
            String name = names[attempts.getAndIncrement()];
            jdbc.update("INSERT INTO thing VALUES (?, ?)", attempts.get() + 1, name);
            return name;
        });

        assertThat(stored).isEqualTo("free");
        assertThat(attempts).hasValue(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM thing", Integer.class)).isEqualTo(2);
    }

    @Test
    void the_last_unique_violation_is_thrown_after_the_given_attempts() {
        jdbc.update("INSERT INTO thing VALUES (1, 'taken')");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> UniqueViolations.retry(3, () -> {
            attempts.incrementAndGet();
            return jdbc.update("INSERT INTO thing VALUES (2, 'taken')");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void another_integrity_violation_is_no_race_and_is_not_retried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> UniqueViolations.retry(5, () -> {
            attempts.incrementAndGet();
            return jdbc.update("INSERT INTO thing VALUES (1, NULL)");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).as("a NOT NULL violation fails at once").hasValue(1);
    }

    @Test
    void the_violation_is_recognised_as_jpa_reports_it() {
        jdbc.update("INSERT INTO thing VALUES (1, 'taken')");
        SQLException fromDatabase = null;
        try (Connection c = jdbc.getDataSource().getConnection()) {
            c.createStatement().executeUpdate("INSERT INTO thing VALUES (2, 'taken')");
        } catch (SQLException e) {
            fromDatabase = e;
        }
        assertThat((Object) fromDatabase).isNotNull();
        // Hibernate wraps the driver's exception, Spring's repository proxy wraps Hibernate's
        var asJpaReportsIt = new DataIntegrityViolationException("could not execute statement",
                new ConstraintViolationException("could not execute statement", fromDatabase, "thing_name"));

        assertThat(UniqueViolations.isUniqueViolation(asJpaReportsIt)).isTrue();
        assertThat(UniqueViolations.isUniqueViolation(new DataIntegrityViolationException("not null"))).isFalse();
    }

    @Test
    void a_lock_conflict_of_racing_inserts_is_retried_too() {
        AtomicInteger attempts = new AtomicInteger();

        int result = UniqueViolations.retry(2, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new CannotAcquireLockException("timeout waiting for the winner's row lock");
            }
            return 42;
        });

        assertThat(result).isEqualTo(42);
    }
}
