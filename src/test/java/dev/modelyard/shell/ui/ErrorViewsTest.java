package dev.modelyard.shell.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * What a user sees on a page they may not open or that does not exist: the app's own view inside the layout (the
 * side navigation and header stay), what role the page needs or what is missing, and a link back.
 */
@IntegrationTest
class ErrorViewsTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @SuppressWarnings("unchecked")
    private void signInAs(String user, AppRole role) throws ClassNotFoundException {
        KaribuSupport.signIn(context, user, role,
                (Class<? extends Component>) Class.forName("dev.modelyard.models.ui.RegisterModelView"),
                (Class<? extends Component>) Class.forName("dev.modelyard.models.ui.ModelListView"),
                (Class<? extends Component>) Class.forName("dev.modelyard.models.ui.ModelDetailView"),
                (Class<? extends Component>) Class.forName("dev.modelyard.backups.ui.BackupsView"));
    }

    private static SideNavItem navItem(String label) {
        return _find(SideNavItem.class).stream().filter(i -> label.equals(i.getLabel())).findFirst()
                .orElseThrow(() -> new AssertionError("no side-nav item " + label));
    }

    private static List<HasElement> shown() {
        return UI.getCurrent().getInternals().getActiveRouterTargetsChain();
    }

    @Test
    void a_reader_opening_a_register_link_sees_which_role_it_needs_inside_the_layout_and_a_way_back()
            throws Exception {
        signInAs(TestUsers.READER, AppRole.READER);

        // the address a shared link or an old bookmark has: no workspace in it
        UI.getCurrent().navigate("register");

        assertThat(shown().get(0)).isInstanceOf(AccessDeniedView.class);
        assertThat(shown()).anyMatch(MainLayout.class::isInstance);
        assertThat(_get(Paragraph.class, spec -> spec.withId("access-denied-reason")).getText())
                .contains("needs the CONTRIBUTOR role").contains("your role there is READER");
        Anchor back = _get(Anchor.class, spec -> spec.withId("access-denied-back"));
        assertThat(back.getText()).isEqualTo("Back to Models");
        assertThat(back.getHref()).isEqualTo("w/default/models");
        // the layout's navigation is there to go anywhere else
        assertThat(navItem("Models").getPath()).isEqualTo("w/default/models");
    }

    @Test
    void a_reader_opening_an_administration_page_is_told_it_needs_the_platform_admin_role() throws Exception {
        signInAs(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate("admin/backups");

        assertThat(shown().get(0)).isInstanceOf(AccessDeniedView.class);
        assertThat(shown()).anyMatch(MainLayout.class::isInstance);
        assertThat(_get(Paragraph.class, spec -> spec.withId("access-denied-reason")).getText())
                .contains("needs the ADMIN role");
    }

    @Test
    void an_address_that_names_nothing_shows_the_not_found_view_in_the_layout() throws Exception {
        signInAs(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate("w/default/models/no-such-model-" + System.nanoTime() + "/versions/1");

        assertThat(shown().get(0)).isInstanceOf(NotFoundView.class);
        assertThat(shown()).anyMatch(MainLayout.class::isInstance);
        assertThat(_get(Paragraph.class, spec -> spec.withId("not-found-reason")).getText()).endsWith("does not exist");
        assertThat(_get(Anchor.class, spec -> spec.withId("not-found-back")).getHref()).isEqualTo("w/default/models");
    }

    @Test
    void the_models_item_of_the_side_nav_stays_current_on_a_model_version_page() throws Exception {
        String name = ModelTestData.uniqueName("nav");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (var staged = ModelTestData.stageText(artifacts, Map.of("f", name))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        signInAs(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate("w/default/models/" + name + "/versions/1");

        SideNavItem item = navItem("Models");
        // the browser marks an item current when the address is its path or, with match-nested, below it
        assertThat(item.isMatchNested()).isTrue();
        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).startsWith(item.getPath() + "/");
        assertThat(navItem("Jobs").isMatchNested()).isTrue();
    }
}
