package dev.modelyard.artifacts.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import dev.modelyard.IntegrationTest;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The admin/storage page: a dry run shows what would be freed; the page is for admins only. */
@IntegrationTest
class StorageAdminViewTest {

    @Autowired
    ApplicationContext context;

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void an_admin_runs_a_dry_run_and_sees_the_report() {
        KaribuSupport.signIn(context, "admin", AppRole.ADMIN, StorageAdminView.class);
        UI.getCurrent().navigate("admin/storage");

        _click(_get(Button.class, spec -> spec.withId("storage-gc-dry-run")));

        assertThat(_get(Span.class, spec -> spec.withId("storage-gc-summary")).getText()).contains("would free");
    }

    @Test
    void a_contributor_cannot_open_the_page() {
        KaribuSupport.signIn(context, "contributor", AppRole.CONTRIBUTOR, StorageAdminView.class);
        // Karibu reports the route's access-denied error as an AssertionError, from navigate or the next lookup
        Throwable outcome = org.assertj.core.api.Assertions.catchThrowable(() -> {
            UI.getCurrent().navigate("admin/storage");
            assertThat(_find(Button.class, spec -> spec.withId("storage-gc-collect"))).as("the page's buttons").isEmpty();
        });
        if (outcome != null) {
            assertThat(outcome).hasMessageContaining("Access is denied");
        }
    }
}
