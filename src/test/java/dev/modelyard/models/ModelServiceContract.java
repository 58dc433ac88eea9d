package dev.modelyard.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.models.formats.TritonFormat;
import dev.modelyard.models.formats.TritonModel;
import dev.modelyard.security.AppRole;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;

/** Registry behaviour that must hold on every supported database; subclasses choose the database. */
abstract class ModelServiceContract {

    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    private <T> T as(AppRole role, Supplier<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        TestUsers.runAs("tester-" + role.name().toLowerCase(), role, () -> result.set(action.get()));
        return result.get();
    }

    private ModelVersionDetails register(RegisterModelCommand command, Map<String, String> files) {
        return as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, files)) {
                return models.register(command, staged);
            }
        });
    }

    private ModelVersionDetails registerFixture(RegisterModelCommand command, String fixture) {
        return as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageFixture(artifacts, fixture)) {
                return models.register(command, staged);
            }
        });
    }

    @Test
    void registering_a_name_again_gives_the_next_version_and_identical_bytes_are_not_written_again() {
        String name = ModelTestData.uniqueName("m");
        Map<String, String> files = Map.of("model.bin", "weights " + name);

        ModelVersionDetails first = register(ModelTestData.custom(name), files);
        ModelVersionDetails second = register(ModelTestData.custom(name), files);
        ModelVersionDetails third = register(ModelTestData.custom(name), files);

        assertThat(List.of(first.version(), second.version(), third.version())).containsExactly(1, 2, 3);
        assertThat(first.storage().bytesNew()).isEqualTo(first.files().bytes()).isPositive();
        assertThat(third.storage().bytesNew()).isZero();
        assertThat(third.storage().bytesReused()).isEqualTo(third.files().bytes());
    }

    @Test
    void names_are_unique_regardless_of_case() {
        String name = ModelTestData.uniqueName("CaseModel");
        register(ModelTestData.custom(name), Map.of("a.txt", "a"));
        ModelVersionDetails second = register(ModelTestData.custom(name.toLowerCase()), Map.of("a.txt", "a"));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.name()).isEqualTo(name);
    }

    @Test
    void an_explicit_version_is_accepted_once_and_numbering_continues_after_it() {
        String name = ModelTestData.uniqueName("explicit");
        RegisterModelCommand at5 = new RegisterModelCommand(name, 5, ModelType.CUSTOM, null, null, null, null);

        assertThat(register(at5, Map.of("f", "x")).version()).isEqualTo(5);
        assertThatThrownBy(() -> register(at5, Map.of("f", "y")))
                .isInstanceOf(VersionConflictException.class).hasMessageContaining("version 5");
        assertThat(register(ModelTestData.custom(name), Map.of("f", "z")).version()).isEqualTo(6);
    }

    @Test
    void the_mlflow_fixture_registers_with_its_signature() {
        String name = ModelTestData.uniqueName("mlflow-diabetes");
        ModelVersionDetails v = registerFixture(ModelTestData.mlflow(name), ModelTestData.MLFLOW_FIXTURE);

        assertThat(v.type()).isEqualTo(ModelType.MLFLOW);
        MlflowFormat format = (MlflowFormat) as(AppRole.READER, () -> models.version(VersionRef.of(name, "1"))).format();
        assertThat(format.flavors()).containsKeys("python_function", "sklearn");
        assertThat(format.signature().inputs()).hasSize(8);
        assertThat(format.signature().inputs().get(0)).containsEntry("name", "Pregnancies");
        assertThat(format.signature().outputs()).hasSize(1);
        assertThat(v.files().count()).isEqualTo(5);
    }

    @Test
    void the_triton_fixture_registers_with_three_parsed_configs() {
        String name = ModelTestData.uniqueName("triton");
        RegisterModelCommand command = new RegisterModelCommand(name, null, ModelType.TRITON, null, null, null, null);
        ModelVersionDetails v = registerFixture(command, ModelTestData.TRITON_FIXTURE);

        TritonFormat format = (TritonFormat) v.format();
        assertThat(format.models()).extracting(TritonModel::name)
                .containsExactlyInAnyOrder("simple", "simple_string", "simple_int8");
        TritonModel simple = format.models().stream().filter(m -> m.name().equals("simple")).findFirst().orElseThrow();
        assertThat(simple.maxBatchSize()).isEqualTo(8);
        assertThat(simple.inputs()).hasSize(2);
    }

    @Test
    void an_mlflow_upload_without_mlmodel_is_refused_and_leaves_no_model() {
        String name = ModelTestData.uniqueName("nomlmodel");
        RegisterModelCommand command = new RegisterModelCommand(name, null, ModelType.MLFLOW, null, null, null, null);

        assertThatThrownBy(() -> register(command, Map.of("model.pkl", "pickle")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MLmodel");
        assertThatThrownBy(() -> as(AppRole.READER, () -> models.model(name)))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void hostile_names_tags_and_properties_are_refused() {
        for (String bad : List.of("", "../etc", "a/b", "-lead", "spa ce", "x".repeat(256), "nul\u0000")) {
            assertThatThrownBy(() -> register(ModelTestData.custom(bad), Map.of("f", "x")))
                    .as(bad).isInstanceOf(InvalidInputException.class);
        }
        String name = ModelTestData.uniqueName("tags");
        RegisterModelCommand badTag = new RegisterModelCommand(name, null, ModelType.CUSTOM, null,
                Map.of("bad key", "v"), null, null);
        assertThatThrownBy(() -> register(badTag, Map.of("f", "x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag key");
        RegisterModelCommand badValue = new RegisterModelCommand(name, null, ModelType.CUSTOM, null,
                Map.of("k", "line\nbreak"), null, null);
        assertThatThrownBy(() -> register(badValue, Map.of("f", "x"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_reader_may_browse_but_not_register_or_edit() {
        String name = ModelTestData.uniqueName("guarded");
        register(ModelTestData.custom(name), Map.of("f", "x"));

        assertThat(as(AppRole.READER, () -> models.version(VersionRef.of(name, "latest"))).version()).isEqualTo(1);
        assertThatThrownBy(() -> as(AppRole.READER, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", "x"))) {
                return models.register(ModelTestData.custom(name), staged);
            }
        })).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(AppRole.READER, () -> models.update(VersionRef.of(name, "1"),
                new UpdateVersionCommand("new", null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> models.setModelArchived(name, true)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void description_and_tags_change_after_creation_and_latest_skips_archived_versions() {
        String name = ModelTestData.uniqueName("editable");
        register(ModelTestData.custom(name), Map.of("f", "1"));
        register(ModelTestData.custom(name), Map.of("f", "2"));

        ModelVersionDetails edited = as(AppRole.CONTRIBUTOR, () -> models.update(VersionRef.parse(name + ":2"),
                new UpdateVersionCommand("better", Map.of("stage", "prod"))));
        assertThat(edited.description()).isEqualTo("better");
        assertThat(edited.tags()).containsExactly(Map.entry("stage", "prod"));

        as(AppRole.CONTRIBUTOR, () -> models.setArchived(VersionRef.parse(name + ":2"), true));
        assertThat(as(AppRole.READER, () -> models.version(VersionRef.parse(name + "@latest"))).version()).isEqualTo(1);
        assertThat(as(AppRole.READER, () -> models.model(name)).versionCount()).isEqualTo(2);

        as(AppRole.ADMIN, () -> models.setModelArchived(name, true));
        assertThat(as(AppRole.READER, () -> models.model(name)).archived()).isTrue();
        assertThat(as(AppRole.READER, () -> models.searchModels(ModelFilter.all().withQuery(name), PageRequest.of(0, 10))))
                .isEmpty();
    }

    @Test
    void the_models_view_follows_the_newest_version_the_filter_allows_through_archive_and_restore() {
        String name = ModelTestData.uniqueName("pointer");
        for (int i = 1; i <= 3; i++) {
            register(ModelTestData.custom(name), Map.of("f", name + i));
        }
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(3);

        as(AppRole.CONTRIBUTOR, () -> models.setArchived(VersionRef.parse(name + ":3"), true));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(2);
        assertThat(shown(name, ArchivedFilter.ALL)).containsExactly(3);
        as(AppRole.CONTRIBUTOR, () -> models.setArchived(VersionRef.parse(name + ":1"), true));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(2);
        as(AppRole.CONTRIBUTOR, () -> models.setArchived(VersionRef.parse(name + ":3"), false));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(3);

        as(AppRole.ADMIN, () -> models.setModelArchived(name, true));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).isEmpty();
        assertThat(shown(name, ArchivedFilter.ARCHIVED)).containsExactly(3);
        register(ModelTestData.custom(name), Map.of("f", name + 4));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(4);
        // ARCHIVED lists models by their archived versions: the newest archived one
        assertThat(shown(name, ArchivedFilter.ARCHIVED)).containsExactly(3);

        as(AppRole.ADMIN, () -> models.setModelArchived(name, false));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(4);
        as(AppRole.CONTRIBUTOR, () -> models.setArchived(VersionRef.parse(name + "@latest"), true));
        assertThat(shown(name, ArchivedFilter.ACTIVE)).containsExactly(3);
    }

    /** The version the Models view shows for {@code name} under the archived filter (empty: the model is not listed). */
    private List<Integer> shown(String name, ArchivedFilter archived) {
        return as(AppRole.READER, () -> models.searchModels(ModelFilter.all().withQuery("name=" + name)
                .withArchived(archived), PageRequest.of(0, 10)).map(m -> m.latestVersion().version()).getContent());
    }

    @Test
    void models_sort_by_name_regardless_of_case_and_page_without_overlap() {
        String prefix = ModelTestData.uniqueName("case");
        for (String suffix : List.of("beta", "GAMMA", "alpha", "Delta")) {
            register(ModelTestData.custom(prefix + "-" + suffix), Map.of("f", prefix + suffix));
        }
        ModelFilter filter = ModelFilter.all().withQuery("name~" + prefix + "-*");
        List<String> first = as(AppRole.READER, () -> models.searchModels(filter,
                PageRequest.of(0, 2, org.springframework.data.domain.Sort.by("name")))
                .map(m -> m.name().substring(prefix.length() + 1)).getContent());
        List<String> second = as(AppRole.READER, () -> models.searchModels(filter,
                PageRequest.of(1, 2, org.springframework.data.domain.Sort.by("name")))
                .map(m -> m.name().substring(prefix.length() + 1)).getContent());

        assertThat(first).containsExactly("alpha", "beta");
        assertThat(second).containsExactly("Delta", "GAMMA");
    }

    @Test
    void model_search_filters_by_type_and_tag_in_the_database() {
        String prefix = ModelTestData.uniqueName("search");
        register(ModelTestData.custom(prefix + "-a"), Map.of("f", "a"));
        register(ModelTestData.mlflowLike(prefix + "-b"), Map.of("MLmodel", "flavors:\n  python_function: {}\n"));

        var byTag = as(AppRole.READER, () -> models.searchModels(
                ModelFilter.all().withQuery(prefix).withTag("team", "fraud"), PageRequest.of(0, 10)));
        assertThat(byTag.getContent()).extracting(ModelSummary::name).containsExactly(prefix + "-a");

        var byType = as(AppRole.READER, () -> models.searchModels(
                ModelFilter.all().withQuery(prefix).withType(ModelType.MLFLOW), PageRequest.of(0, 10)));
        assertThat(byType.getContent()).extracting(ModelSummary::name).containsExactly(prefix + "-b");
    }

    @Test
    void storage_tells_bytes_unique_to_a_version_from_bytes_shared_with_others() {
        String name = ModelTestData.uniqueName("sharing");
        register(ModelTestData.custom(name), Map.of("shared.bin", "shared " + name, "own.bin", "first"));
        register(ModelTestData.custom(name), Map.of("shared.bin", "shared " + name, "own.bin", "second!"));

        var second = as(AppRole.READER, () -> models.storage(VersionRef.of(name, "2")));
        assertThat(second.totalBytes()).isEqualTo(("shared " + name).length() + "second!".length());
        assertThat(second.uniqueBytes()).isEqualTo("second!".length());
        assertThat(second.sharedBytes()).isEqualTo(("shared " + name).length());
    }

    @Test
    void a_preview_shows_the_beginning_of_a_text_file() {
        String name = ModelTestData.uniqueName("preview");
        register(ModelTestData.custom(name), Map.of("notes.txt", "0123456789"));

        var head = as(AppRole.READER, () -> models.preview(VersionRef.of(name, "1"), "notes.txt", 4));
        assertThat(head.text()).isEqualTo("0123");
        assertThat(head.truncated()).isTrue();
        var whole = as(AppRole.READER, () -> models.preview(VersionRef.of(name, "1"), "notes.txt", 100));
        assertThat(whole.text()).isEqualTo("0123456789");
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void model_names_are_suggested_by_prefix_regardless_of_case() {
        String prefix = ModelTestData.uniqueName("Names");
        register(ModelTestData.custom(prefix + "_b"), Map.of("f", "b"));
        register(ModelTestData.custom(prefix + "-a"), Map.of("f", "a"));

        assertThat(as(AppRole.READER, () -> models.modelNames(prefix.toLowerCase(), 10)))
                .containsExactly(prefix + "-a", prefix + "_b");
        assertThat(as(AppRole.READER, () -> models.modelNames(prefix + "%", 10))).isEmpty();
    }
}
