package dev.modelyard.backups.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.backups.BackupInfo;
import dev.modelyard.backups.BackupService;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class BackupsViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    BackupService backups;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_admin_sees_the_backups_taken_and_the_buttons_to_back_up_and_scrub() {
        List<BackupInfo> taken = new ArrayList<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> taken.add(backups.create()));

        KaribuSupport.signIn(context, "admin", AppRole.ADMIN, BackupsView.class);
        UI.getCurrent().navigate("admin/backups");

        Grid<BackupInfo> grid = _get(Grid.class, spec -> spec.withId("backups-grid"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid); i++) {
            names.add(GridKt._get(grid, i).name());
        }
        assertThat(names).contains(taken.get(0).name());
        assertThat(_get(Button.class, spec -> spec.withId("backup-now")).isEnabled()).isTrue();
        assertThat(_get(Button.class, spec -> spec.withId("scrub-now")).isEnabled()).isTrue();
    }

    @Test
    void a_contributor_cannot_open_the_page() {
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, BackupsView.class);

        UI.getCurrent().navigate("admin/backups");

        // the view's @RolesAllowed("ADMIN") refused the navigation: Karibu shows the refusal instead of the view
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> com.github.mvysny.kaributesting.v10.LocatorJ._find(Grid.class, spec -> spec.withId("backups-grid")))
                .hasMessageContaining("Access is denied");
    }
}
