package dev.modelyard.base.ui;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.server.ErrorEvent;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class UiErrorHandlingTest {

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void signIn() {
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void an_unexpected_error_is_an_apology_without_its_details() {
        UiErrorHandling.handle(new ErrorEvent(new IllegalStateException("boom at /work/secret/path")));
        MockVaadin.clientRoundtrip();

        // exactly this text: no path, no exception name
        NotificationsKt.expectNotifications("Something went wrong; it has been logged. Try again, or reload the page.");
    }

    @Test
    void an_expected_error_shows_its_own_message() {
        UiErrorHandling.handle(new ErrorEvent(new RuntimeException(new InvalidInputException("name", "that name is taken"))));
        MockVaadin.clientRoundtrip();

        NotificationsKt.expectNotifications("that name is taken");
    }

    @Test
    void a_lost_database_or_object_store_says_which_and_that_nothing_changed() {
        UiErrorHandling.handle(new ErrorEvent(new org.springframework.transaction.CannotCreateTransactionException(
                "Could not open JPA EntityManager", new java.sql.SQLTransientConnectionException("pool timed out"))));
        MockVaadin.clientRoundtrip();
        NotificationsKt.expectNotifications(
                "The database is unavailable right now; nothing was changed, try again shortly.");
        NotificationsKt.clearNotifications();

        UiErrorHandling.handle(new ErrorEvent(new RuntimeException(
                new dev.modelyard.base.StorageUnavailableException("object storage failed: ConnectException", null))));
        MockVaadin.clientRoundtrip();
        NotificationsKt.expectNotifications(
                "Object storage is unavailable right now; nothing was changed, try again shortly.");
    }
}
