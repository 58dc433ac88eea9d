package dev.modelyard.audit.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.shell.ui.AccessDeniedView;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import dev.modelyard.support.KaribuSupport;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class AuditViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    private String registerTwiceAndArchive(String actor) {
        String name = ModelTestData.uniqueName("paged");
        TestUsers.runAs(actor, AppRole.CONTRIBUTOR, () -> {
            for (int i = 0; i < 2; i++) {
                try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("m.txt", "w" + i))) {
                    models.register(ModelTestData.custom(name), staged);
                }
            }
            models.setArchived(new VersionRef(name, 1), true);
        });
        return name;
    }

    private static void open(AppRole role) {
        UI.getCurrent().navigate(AuditView.class, WorkspaceRoutes.params());
    }

    @SuppressWarnings("unchecked")
    private static Grid<AuditRecord> grid() {
        return _get(Grid.class, spec -> spec.withId("audit-grid"));
    }

    private static List<AuditRecord> rows() {
        Grid<AuditRecord> grid = grid();
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).toList();
    }

    @Test
    void an_admin_filters_by_who_what_and_time_and_reads_before_and_after() {
        String actor = ModelTestData.uniqueName("auditee");
        String name = registerTwiceAndArchive(actor);
        KaribuSupport.signIn(context, "admin", AppRole.ADMIN, AuditView.class);
        open(AppRole.ADMIN);
        assertThat(grid().getDataProvider().isInMemory()).isFalse();

        _setValue(_get(TextField.class, spec -> spec.withId("audit-actor")), actor);
        assertThat(rows()).extracting(AuditRecord::action).containsExactly("model.version.archived",
                "model.version.registered", "model.version.registered");
        assertThat(GridKt._getFormattedRow(grid(), 0)).contains(actor, "Version archived", "model:" + name + "/1");
        assertThat(AuditGrids.changeText(rows().get(0))).isEqualTo("archived: false → true");
        assertThat(AuditGrids.changeText(rows().get(1))).contains("type: custom_model", "tags: team=fraud");

        @SuppressWarnings("unchecked")
        ComboBox<String> what = _get(ComboBox.class, spec -> spec.withId("audit-action"));
        _setValue(what, "model.version.archived");
        assertThat(rows()).singleElement().satisfies(e -> assertThat(e.target()).isEqualTo("model:" + name + "/1"));
        _setValue(what, "model.version");
        assertThat(rows()).hasSize(3);

        DateTimePicker from = _get(DateTimePicker.class, spec -> spec.withId("audit-from"));
        DateTimePicker to = _get(DateTimePicker.class, spec -> spec.withId("audit-to"));
        LocalDateTime later = LocalDateTime.now(ZoneOffset.UTC).plusMinutes(5);
        _setValue(from, later);
        assertThat(rows()).isEmpty();
        _setValue(to, later.minusHours(1));
        assertThat(to.isInvalid()).isTrue();
        _setValue(from, later.minusDays(1));
        assertThat(to.isInvalid()).isFalse();
        assertThat(rows()).isEmpty();
        _setValue(to, later);
        assertThat(rows()).hasSize(3);
    }

    @Test
    void users_and_sign_ins_are_a_scope_of_their_own() {
        String newbie = ModelTestData.uniqueName("newbie");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> users.create(newbie, TestUsers.PASSWORD, AppRole.READER));
        KaribuSupport.signIn(context, "admin", AppRole.ADMIN, AuditView.class);
        open(AppRole.ADMIN);
        _setValue(_get(TextField.class, spec -> spec.withId("audit-actor")), "admin");
        assertThat(rows()).noneMatch(e -> e.target().equals("user:" + newbie));

        @SuppressWarnings("unchecked")
        Select<AuditView.Scope> scope = _get(Select.class, spec -> spec.withId("audit-scope"));
        _setValue(scope, AuditView.Scope.GLOBAL);

        assertThat(rows()).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("user:" + newbie);
            assertThat(e.action()).isEqualTo("user.created");
            assertThat(e.workspace()).isNull();
        });
    }

    @Test
    void admins_find_the_audit_in_the_side_nav_and_readers_neither_see_nor_open_it() {
        KaribuSupport.signIn(context, "admin", AppRole.ADMIN, AuditView.class);
        open(AppRole.ADMIN);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).contains("Audit");
        KaribuSupport.tearDown();

        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, AuditView.class);
        open(AppRole.READER);
        List<HasElement> shown = UI.getCurrent().getInternals().getActiveRouterTargetsChain();
        assertThat(shown).noneMatch(AuditView.class::isInstance);
        assertThat(shown.get(0)).isInstanceOf(AccessDeniedView.class);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).contains("Models").doesNotContain("Audit");
        assertThat(_find(Grid.class, spec -> spec.withId("audit-grid"))).isEmpty();
    }
}
