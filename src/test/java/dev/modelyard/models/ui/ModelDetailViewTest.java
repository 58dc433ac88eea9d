package dev.modelyard.models.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NavigatorKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSource;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class ModelDetailViewTest {

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

    @Test
    void the_mlflow_tab_shows_8_signature_inputs_1_output_and_the_flavor_badges() {
        String name = registerFixture(ModelType.MLFLOW, ModelTestData.MLFLOW_FIXTURE);
        open(AppRole.READER, name, null);

        openTab("MLflow");

        assertThat(GridKt._size(grid("signature-inputs"))).isEqualTo(8);
        assertThat(GridKt._getFormattedRow(grid("signature-inputs"), 0)).containsExactly("Pregnancies", "double", "—", "Yes");
        assertThat(GridKt._size(grid("signature-outputs"))).isEqualTo(1);
        _assertNone(Grid.class, spec -> spec.withId("signature-params"));
        assertThat(_find(Span.class, spec -> spec.withClasses("flavor-badge")).stream().map(Span::getText))
                .containsExactly("python_function", "sklearn");
        assertThat(_get(Span.class, spec -> spec.withId("mlflow-python-version")).getText()).isEqualTo("3.10.19");
    }

    @Test
    void the_triton_tab_shows_each_of_the_three_models_with_its_inputs() {
        String name = registerFixture(ModelType.TRITON, ModelTestData.TRITON_FIXTURE);
        open(AppRole.READER, name, null);

        openTab("Triton");

        List<Div> sections = _find(Div.class, spec -> spec.withClasses("triton-model"));
        assertThat(sections).hasSize(3);
        assertThat(sections.stream().map(s -> _get(s, H3.class).getText()))
                .containsExactly("simple", "simple_int8", "simple_string");
        List<String> dataTypes = List.of("TYPE_INT32", "TYPE_INT8", "TYPE_STRING");
        for (int i = 0; i < 3; i++) {
            @SuppressWarnings("unchecked")
            Grid<Object> inputs = _get(sections.get(i), Grid.class, spec -> spec.withClasses("triton-inputs"));
            assertThat(GridKt._size(inputs)).isEqualTo(2);
            assertThat(GridKt._getFormattedRow(inputs, 1)).containsExactly("INPUT1", dataTypes.get(i), "[16]");
        }
    }

    @Test
    void the_artifacts_tree_lists_the_fixture_files_and_previews_mlmodel_as_text() {
        String name = registerFixture(ModelType.MLFLOW, ModelTestData.MLFLOW_FIXTURE);
        open(AppRole.READER, name, null);

        openTab("Artifacts");

        @SuppressWarnings("unchecked")
        TreeGrid<ArtifactNode> tree = _get(TreeGrid.class, spec -> spec.withId("artifact-tree"));
        List<ArtifactNode> roots = tree.getTreeData().getRootItems();
        assertThat(roots).extracting(ArtifactNode::name)
                .containsExactly("conda.yaml", "MLmodel", "model.pkl", "python_env.yaml", "requirements.txt");
        _assertNone(Pre.class, spec -> spec.withId("artifact-preview"));

        tree.select(roots.get(1));
        assertThat(_get(Pre.class, spec -> spec.withId("artifact-preview")).getText())
                .startsWith("artifact_path: model").contains("python_function", "sklearn_version: 1.5.2");

        tree.select(roots.get(2));
        _assertNone(Pre.class, spec -> spec.withId("artifact-preview"));
    }

    @Test
    void a_csv_preview_shows_its_first_20_lines_and_says_it_is_truncated() {
        String name = ModelTestData.uniqueName("csv");
        StringBuilder csv = new StringBuilder("id,value\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(",").append(i * i).append("\n");
        }
        register(ModelTestData.custom(name), Map.of("data/sample.csv", csv.toString()));
        open(AppRole.READER, name, null);
        openTab("Artifacts");
        @SuppressWarnings("unchecked")
        TreeGrid<ArtifactNode> tree = _get(TreeGrid.class, spec -> spec.withId("artifact-tree"));
        ArtifactNode folder = tree.getTreeData().getRootItems().get(0);
        assertThat(folder.path()).isEqualTo("data");
        assertThat(folder.size()).isEqualTo(csv.length());

        tree.select(tree.getTreeData().getChildren(folder).get(0));

        assertThat(_get(Pre.class, spec -> spec.withId("artifact-preview")).getText().lines())
                .hasSize(20).startsWith("id,value", "1,1").endsWith("19,361");
        assertThat(_get(Span.class, spec -> spec.withClasses("preview-truncated")).getText()).contains("truncated");
    }

    @Test
    void artifacts_download_one_by_one_and_all_at_once_as_a_zip() throws IOException {
        String name = registerFixture(ModelType.MLFLOW, ModelTestData.MLFLOW_FIXTURE);
        open(AppRole.READER, name, null);
        openTab("Artifacts");
        @SuppressWarnings("unchecked")
        TreeGrid<ArtifactNode> tree = _get(TreeGrid.class, spec -> spec.withId("artifact-tree"));

        tree.select(tree.getTreeData().getRootItems().get(4));
        assertThat(DownloadKt._download(_get(Anchor.class, spec -> spec.withId("download-selected"))))
                .isEqualTo(Files.readAllBytes(ModelTestData.fixture(ModelTestData.MLFLOW_FIXTURE).resolve("requirements.txt")));

        byte[] zip = DownloadKt._download(_get(Anchor.class, spec -> spec.withId("download-all")));
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactlyInAnyOrder("MLmodel", "conda.yaml", "model.pkl", "python_env.yaml",
                "requirements.txt");
    }

    @Test
    void details_show_what_the_version_shares_with_the_previous_one_in_storage() {
        String name = ModelTestData.uniqueName("storage");
        String shared = "shared " + UUID.randomUUID();
        String onlyV2 = "only in version 2, " + UUID.randomUUID() + UUID.randomUUID();
        register(ModelTestData.custom(name), Map.of("shared.txt", shared, "a.txt", "v1 " + UUID.randomUUID()));
        register(ModelTestData.custom(name), Map.of("shared.txt", shared, "b.txt", onlyV2));
        open(AppRole.READER, name, 2);

        assertThat(text("storage-total")).isEqualTo(DisplayFormats.bytes(shared.length() + onlyV2.length()));
        assertThat(text("storage-unique")).isEqualTo(DisplayFormats.bytes(onlyV2.length()));
        assertThat(text("storage-shared")).isEqualTo(DisplayFormats.bytes(shared.length()));
        assertThat(text("storage-written")).isEqualTo(DisplayFormats.bytes(onlyV2.length()) + " new, "
                + DisplayFormats.bytes(shared.length()) + " already stored");
    }

    @Test
    void a_contributor_edits_tags_and_the_service_keeps_them() {
        String name = ModelTestData.uniqueName("tags");
        register(ModelTestData.mlflow(name), Map.of("MLmodel", "flavors:\n  python_function: {}\n"));
        open(AppRole.CONTRIBUTOR, name, null);

        _click(_get(Button.class, spec -> spec.withId("edit-tags")));
        TextField key = _get(TextField.class, spec -> spec.withId("tag-key"));
        _setValue(key, "bad key!");
        _click(_get(Button.class, spec -> spec.withId("add-tag")));
        assertThat(key.isInvalid()).isTrue();
        assertThat(key.getErrorMessage()).contains("tag key 'bad key!' is invalid");

        _setValue(key, "stage");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-value")), "prod");
        _click(_get(Button.class, spec -> spec.withId("add-tag")));
        _click(_get(Button.class, spec -> spec.withAttribute("aria-label", "Remove tag auc")));
        _click(_get(Button.class, spec -> spec.withId("save-tags")));

        assertThat(models.version(VersionRef.of(name, "1")).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "risk", "stage", "prod"));
        assertThat(_find(Span.class, spec -> spec.withClasses("tag-chip")).stream().map(Span::getText))
                .containsExactly("stage=prod", "team=risk");
        _assertNone(Button.class, spec -> spec.withId("save-tags"));
    }

    @Test
    void a_contributor_edits_the_description() {
        String name = ModelTestData.uniqueName("describe");
        register(ModelTestData.custom(name), Map.of("f", "x"));
        open(AppRole.CONTRIBUTOR, name, null);

        _click(_get(Button.class, spec -> spec.withId("edit-description")));
        _setValue(_get(TextArea.class), "line one\nline two");
        _click(_get(Button.class, spec -> spec.withId("save-description")));

        assertThat(models.version(VersionRef.of(name, "1")).description()).isEqualTo("line one\nline two");
        assertThat(_get(Div.class, spec -> spec.withId("description-text")).getText()).isEqualTo("line one\nline two");
    }

    @Test
    void a_reader_sees_no_edit_controls() {
        String name = ModelTestData.uniqueName("reader");
        register(ModelTestData.custom(name), Map.of("f", "1"));
        register(ModelTestData.custom(name), Map.of("f", "2"));
        open(AppRole.READER, name, null);

        _assertNone(Button.class, spec -> spec.withId("edit-description"));
        _assertNone(Button.class, spec -> spec.withId("edit-tags"));
        openTab("Versions");
        _assertNone(Button.class, spec -> spec.withId("archive-versions"));
        _assertNone(Button.class, spec -> spec.withId("restore-versions"));
        assertThat(grid("versions-tab-grid").getSelectionMode()).isEqualTo(Grid.SelectionMode.NONE);
    }

    @Test
    void an_unknown_version_shows_the_not_found_view_in_the_layout() {
        String name = ModelTestData.uniqueName("missing");
        register(ModelTestData.custom(name), Map.of("f", "x"));
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, ModelDetailView.class, ModelListView.class);

        ModelsNavigation.toVersion(name, 3);

        expectNotFound("Model '" + name + "' has no version 3");
    }

    @Test
    void an_unknown_model_shows_the_not_found_view_in_the_layout_with_a_way_back() {
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, ModelDetailView.class, ModelListView.class);

        ModelsNavigation.toModel("no-such-model-anywhere");

        expectNotFound("Model 'no-such-model-anywhere' does not exist");
        Anchor back = _get(Anchor.class, spec -> spec.withId("not-found-back"));
        assertThat(back.getText()).isEqualTo("Back to Models");
        assertThat(back.getHref()).isEqualTo("w/default/models");
    }

    private static void expectNotFound(String reason) {
        List<com.vaadin.flow.component.HasElement> shown = com.vaadin.flow.component.UI.getCurrent().getInternals()
                .getActiveRouterTargetsChain();
        assertThat(shown.get(0)).isInstanceOf(dev.modelyard.shell.ui.NotFoundView.class);
        assertThat(shown).anyMatch(dev.modelyard.shell.ui.MainLayout.class::isInstance);
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("not-found-reason"))
                .getText()).isEqualTo(reason);
    }

    @Test
    void a_model_whose_versions_are_all_archived_opens_its_newest_version_marked_archived() {
        String name = ModelTestData.uniqueName("all-archived");
        register(ModelTestData.custom(name), Map.of("f", "1"));
        register(ModelTestData.custom(name), Map.of("f", "2"));
        TestUsers.runAs("admin", AppRole.ADMIN, () -> models.setModelArchived(name, true));

        open(AppRole.READER, name, null);

        assertThat(_get(Select.class, spec -> spec.withId("version-select")).getValue()).isEqualTo(2);
        assertThat(_get(Span.class, spec -> spec.withClasses("archived-badge")).getText()).isEqualTo("Archived");
    }

    @Test
    void the_version_picker_opens_the_chosen_version() {
        String name = ModelTestData.uniqueName("picker");
        register(ModelTestData.custom(name), Map.of("f", "1"));
        register(ModelTestData.mlflow(name), Map.of("MLmodel", "flavors:\n  python_function: {}\n"));
        open(AppRole.READER, name, null);
        @SuppressWarnings("unchecked")
        Select<Integer> picker = _get(Select.class, spec -> spec.withId("version-select"));
        assertThat(picker.getValue()).isEqualTo(2);
        assertThat(_get(Span.class, spec -> spec.withClasses("type-badge")).getText()).isEqualTo("MLflow");

        _setValue(picker, 1);

        assertThat(NavigatorKt.getCurrentPath()).isEqualTo("w/default/models/" + name + "/versions/1");
        assertThat(_get(Span.class, spec -> spec.withClasses("type-badge")).getText()).isEqualTo("Custom");
    }

    @Test
    void the_versions_tab_lists_both_versions_and_archives_the_selected_one() {
        String name = ModelTestData.uniqueName("archive");
        register(ModelTestData.custom(name), Map.of("f", "1"));
        register(ModelTestData.custom(name), Map.of("f", "2"));
        open(AppRole.CONTRIBUTOR, name, null);
        openTab("Versions");
        Grid<VersionSummary> versions = grid("versions-tab-grid");
        assertThat(GridKt._size(versions)).isEqualTo(2);
        assertThat(GridKt._get(versions, 1).version()).isEqualTo(1);
        Button archive = _get(Button.class, spec -> spec.withId("archive-versions"));
        assertThat(archive.isEnabled()).isFalse();

        GridKt._selectRow(versions, 1);
        _click(archive);

        assertThat(models.version(VersionRef.of(name, "1")).archived()).isTrue();
        assertThat(models.version(VersionRef.of(name, "2")).archived()).isFalse();
        assertThat(GridKt._get(versions, 1).archived()).isTrue();
        assertThat(versions.getSelectedItems()).isEmpty();
    }

    @Test
    void a_contributor_points_an_alias_at_the_shown_version_and_its_history_is_listed() {
        String name = registerFixture(ModelType.MLFLOW, ModelTestData.MLFLOW_FIXTURE);
        open(AppRole.CONTRIBUTOR, name, 1);
        openTab("Aliases");
        assertThat(GridKt._size(grid("alias-history"))).isZero();

        _setValue(_get(TextField.class, spec -> spec.withId("alias-name")), "champion");
        _click(_get(Button.class, spec -> spec.withId("alias-set")));

        assertThat(_find(Span.class, spec -> spec.withText("@champion → version 1"))).hasSize(1);
        assertThat(GridKt._size(grid("alias-history"))).isEqualTo(1);
        assertThat(GridKt._getFormattedRow(grid("alias-history"), 0)).startsWith("champion", "version 1");
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () ->
                assertThat(models.version(VersionRef.parse(name + "@champion")).version()).isEqualTo(1));

        _click(_get(Button.class, spec -> spec.withText("Remove")));
        assertThat(GridKt._size(grid("alias-history"))).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(grid("alias-history"), 0)).startsWith("champion", "— (deleted)");
    }

    @Test
    void a_reader_sees_aliases_and_history_but_cannot_change_them() {
        String name = registerFixture(ModelType.MLFLOW, ModelTestData.MLFLOW_FIXTURE);
        open(AppRole.READER, name, 1);
        openTab("Aliases");
        _assertNone(Button.class, spec -> spec.withId("alias-set"));
        assertThat(_find(Span.class, spec -> spec.withText("No aliases yet."))).hasSize(1);
    }

    private String registerFixture(ModelType type, String fixture) {
        String name = ModelTestData.uniqueName(fixture);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageFixture(artifacts, fixture)) {
                models.register(new RegisterModelCommand(name, null, type, "from the " + fixture + " fixture",
                        Map.of("fixture", fixture), Map.of(), VersionSource.upload()), staged);
            }
        });
        return name;
    }

    private void register(RegisterModelCommand command, Map<String, String> files) {
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, files)) {
                models.register(command, staged);
            }
        });
    }

    private void open(AppRole role, String name, Integer version) {
        String user = role == AppRole.READER ? TestUsers.READER : TestUsers.CONTRIBUTOR;
        KaribuSupport.signIn(context, user, role, ModelDetailView.class, ModelListView.class);
        if (version == null) {
            ModelsNavigation.toModel(name);
        } else {
            ModelsNavigation.toVersion(name, version);
        }
        NavigatorKt.expectView(ModelDetailView.class);
    }

    private static void openTab(String label) {
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("version-tabs"));
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTabAt(i).getLabel().equals(label)) {
                tabs.setSelectedIndex(i);
                return;
            }
        }
        throw new AssertionError("no tab " + label);
    }

    @SuppressWarnings("unchecked")
    private static <T> Grid<T> grid(String id) {
        return _get(Grid.class, spec -> spec.withId(id));
    }

    private static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }
}
