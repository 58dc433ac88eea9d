package dev.modelyard.models.ui;

import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import elemental.json.JsonArray;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import dev.modelyard.support.LitRenderers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class ModelListViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    String prefix;

    @BeforeEach
    void registerAndSignIn() {
        prefix = ModelTestData.uniqueName("grid");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            for (String suffix : new String[]{"alpha", "beta", "beta"}) {
                try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", suffix + Math.random()))) {
                    models.register(ModelTestData.custom(prefix + "-" + suffix), staged);
                }
            }
        });
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, ModelListView.class);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    private static Grid<ModelListView.ModelRow> grid() {
        return _get(Grid.class, spec -> spec.withId("models-grid"));
    }

    private static List<String> rows(Grid<ModelListView.ModelRow> grid) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid); i++) {
            VersionSummary v = GridKt._get(grid, i).version();
            rows.add(v.name() + ":" + v.version());
        }
        return rows;
    }

    private static Object property(Grid<ModelListView.ModelRow> grid, int row, String column, String property) {
        return LitRenderers.property(grid, column, property, GridKt._get(grid, row));
    }

    private void registerTagged(String name, Map<String, String> tags) {
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", name + tags + Math.random()))) {
                models.register(new dev.modelyard.models.RegisterModelCommand(name, null,
                        dev.modelyard.models.ModelType.CUSTOM, null, tags, null, null), staged);
            }
        });
    }

    @Test
    void a_query_in_the_url_filters_one_row_per_model_showing_its_latest_version() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", prefix));

        assertThat(_get(TextField.class, spec -> spec.withId("model-search")).getValue()).isEqualTo(prefix);
        assertThat(rows(grid())).containsExactly(prefix + "-alpha:1", prefix + "-beta:2");
    }

    @Test
    void the_all_versions_toggle_shows_every_version_and_goes_into_the_url() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", prefix));

        HasValueUtilsKt._setValue(_get(Checkbox.class, spec -> spec.withId("all-versions")), true, true);
        assertThat(rows(grid())).containsExactlyInAnyOrder(prefix + "-alpha:1", prefix + "-beta:1", prefix + "-beta:2");
        assertThat(UI.getCurrent().getActiveViewLocation().getQueryParameters().getParameters())
                .containsKey(ModelListView.PARAM_ALL_VERSIONS);
    }

    @Test
    void a_malformed_query_is_shown_beside_the_search_and_the_grid_keeps_its_rows() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", prefix));
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", "(team=fraud"));

        TextField search = _get(TextField.class, spec -> spec.withId("model-search"));
        assertThat(search.isInvalid()).isTrue();
        assertThat(search.getErrorMessage()).contains("column");
        assertThat(rows(grid())).containsExactly(prefix + "-alpha:1", prefix + "-beta:2");
    }

    @Test
    void the_issue_query_shows_exactly_the_right_models_in_the_grid() {
        String seed = ModelTestData.uniqueName("seed");
        Map<String, Map<String, String>> seeded = Map.of(
                "a", Map.of("team", "fraud", "stage", "prod", "auc", "0.95"),
                "b", Map.of("team", "risk", "stage", "archived", "auc", "0.97"),
                "c", Map.of("team", "risk", "auc", "0.91"),
                "d", Map.of("team", "fraud", "auc", "0.85"),
                "e", Map.of("team", "marketing", "auc", "0.99"));
        TestUsers.runAs("admin", AppRole.ADMIN, () -> seeded.forEach((suffix, tags) -> {
            Map<String, String> withSeed = new java.util.HashMap<>(tags);
            withSeed.put("seed", seed);
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", seed + suffix))) {
                models.register(new dev.modelyard.models.RegisterModelCommand(seed + "-" + suffix, null,
                        dev.modelyard.models.ModelType.CUSTOM, null, withSeed, null, null), staged);
            }
        }));

        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q",
                "seed=" + seed + " AND (team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9"));

        assertThat(rows(grid())).containsExactly(seed + "-a:1", seed + "-c:1");
    }

    @Test
    void clicking_a_tag_chip_adds_it_to_the_query() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", prefix));

        JsonArray chips = (JsonArray) property(grid(), 0, "tags", "tags");
        int index = -1;
        for (int i = 0; i < chips.length(); i++) {
            if (chips.getString(i).equals("team=fraud")) {
                index = i;
            }
        }
        assertThat(index).isNotNegative();
        LitRenderers.call(grid(), "tags", "addTag", GridKt._get(grid(), 0), index);

        String query = _get(TextField.class, spec -> spec.withId("model-search")).getValue();
        assertThat(query).isEqualTo(prefix + " AND team=fraud");
        assertThat(UI.getCurrent().getActiveViewLocation().getQueryParameters().getParameters().get("q"))
                .containsExactly(query);
    }

    @Test
    void rows_are_templates_not_components_so_a_session_holds_no_component_per_row() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", prefix));

        assertThat(grid().getColumnByKey("type").getRenderer()).isInstanceOf(LitRenderer.class);
        assertThat(grid().getColumnByKey("tags").getRenderer()).isInstanceOf(LitRenderer.class);
        assertThat(property(grid(), 0, "type", "l")).isEqualTo("Custom");
        assertThat(_find(Button.class, spec -> spec.withClasses("tag-chip"))).isEmpty();
        assertThat(_find(Span.class, spec -> spec.withClasses("type-badge"))).isEmpty();
    }

    @Test
    void a_model_re_registered_without_its_tags_is_found_by_its_older_version_and_marked() {
        String name = prefix + "-retagged";
        registerTagged(name, Map.of("team", "fraud", "auc", "0.95"));
        registerTagged(name, Map.of());

        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(),
                QueryParameters.of("q", "name=" + name + " AND team=fraud AND auc>=0.9"));

        assertThat(rows(grid())).containsExactly(name + ":1");
        assertThat(GridKt._get(grid(), 0).olderMatch()).isTrue();
        assertThat(property(grid(), 0, "version", "n")).isEqualTo(2);

        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(), QueryParameters.of("q", "name=" + name));
        assertThat(rows(grid())).containsExactly(name + ":2");
        assertThat(property(grid(), 0, "version", "n")).isEqualTo(0);
    }

    @Test
    void when_nothing_matches_the_grid_says_so_and_offers_the_archived_versions_that_do() {
        String name = prefix + "-shelved";
        registerTagged(name, Map.of("team", "fraud"));
        registerTagged(name, Map.of());
        TestUsers.runAs("admin", AppRole.ADMIN, () -> models.setArchived(
                dev.modelyard.models.VersionRef.parse(name + ":1"), true));

        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(),
                QueryParameters.of("q", "name=" + name + " AND team=fraud"));

        assertThat(GridKt._size(grid())).isZero();
        assertThat(grid().getEmptyStateComponent()).isSameAs(_get(VerticalLayout.class, spec -> spec.withId("no-matches")));
        assertThat(_get(Span.class, spec -> spec.withId("no-matches-text")).getText())
                .isEqualTo("No models match this search.");
        Button offer = _get(Button.class, spec -> spec.withId("no-matches-other-scope"));
        assertThat(offer.getText()).isEqualTo("1 archived version matches — show archived");

        _click(offer);
        assertThat(UI.getCurrent().getActiveViewLocation().getQueryParameters().getParameters())
                .containsKey(ModelListView.PARAM_ARCHIVED);
        assertThat(rows(grid())).containsExactly(name + ":1");
    }

    @Test
    void a_search_nothing_matches_in_any_scope_offers_nothing() {
        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params(),
                QueryParameters.of("q", "name=" + prefix + "-none"));

        assertThat(GridKt._size(grid())).isZero();
        assertThat(_get(Span.class, spec -> spec.withId("no-matches-text")).getText())
                .isEqualTo("No models match this search.");
        _assertNone(Button.class, spec -> spec.withId("no-matches-other-scope"));
    }
}
