package dev.modelyard.models.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.modelyard.models.ModelType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowFormatTest {

    private static final String MINIMAL = "flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n";

    private static MlflowFormat inspect(ModelFileSource files) {
        return (MlflowFormat) ModelFormats.inspect(ModelType.MLFLOW, files);
    }

    private static MlflowFormat inspectMlmodel(String mlmodel) {
        return inspect(InMemoryFiles.of("MLmodel", mlmodel, "model.pkl", "x"));
    }

    private static void assertRefused(String mlmodel, String... messageParts) {
        assertThatThrownBy(() -> inspectMlmodel(mlmodel))
                .isInstanceOf(ModelFormatException.class)
                .message().contains(messageParts);
    }

    @Test
    void mlflow_fixture_parses_flavors_python_function_and_sklearn() {
        MlflowFormat format = inspect(Fixtures.mlflowSklearnDiabetes());

        assertThat(format.flavors()).containsOnlyKeys("python_function", "sklearn");
        assertThat(format.flavors().get("sklearn")).isInstanceOf(Map.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("sklearn_version", "1.5.2").containsEntry("code", null);
    }

    @Test
    void mlflow_fixture_parses_signature_with_8_inputs_1_output_and_no_params() {
        Signature signature = inspect(Fixtures.mlflowSklearnDiabetes()).signature();

        assertThat(signature.inputs()).hasSize(8);
        assertThat(signature.inputs().get(0)).containsEntry("name", "Pregnancies").containsEntry("type", "double");
        assertThat(signature.inputs().get(7)).containsEntry("name", "Age");
        assertThat(signature.outputs()).containsExactly(Map.of("type", "double"));
        assertThat(signature.params()).isEmpty();
    }

    @Test
    void mlflow_fixture_keeps_provenance_as_written() {
        MlflowFormat format = inspect(Fixtures.mlflowSklearnDiabetes());

        assertThat(format.runId()).isEqualTo("teal_answer_v5t7yq9zwn");
        assertThat(format.mlflowVersion()).isEqualTo("2.22.2");
        assertThat(format.pythonVersion()).isEqualTo("3.10.19");
        assertThat(format.modelUuid()).isEqualTo("746375f7efea49bcb7afa81380e80395");
        assertThat(format.utcTimeCreated()).isEqualTo("2025-12-11 03:22:29.198079");
        assertThat(format.artifactPath()).isEqualTo("model");
        assertThat(format.savedInputExampleInfo()).isNull();
        assertThat(format.metadata()).isNull();
    }

    @Test
    void unquoted_scalars_keep_their_text_instead_of_yaml_number_or_date() {
        MlflowFormat format = inspectMlmodel("""
                flavors:
                  python_function: {python_version: 3.10}
                mlflow_version: 2.1
                run_id: 12345
                utc_time_created: 2025-12-11 03:22:29.198079
                """);

        assertThat(format.pythonVersion()).isEqualTo("3.10");
        assertThat(format.mlflowVersion()).isEqualTo("2.1");
        assertThat(format.runId()).isEqualTo("12345");
        assertThat(format.utcTimeCreated()).isEqualTo("2025-12-11 03:22:29.198079");
    }

    @Test
    void unknown_top_level_keys_and_optional_maps_are_accepted() {
        MlflowFormat format = inspectMlmodel(MINIMAL + """
                databricks_runtime: 14.3
                some_future_key: [1, 2, 3]
                saved_input_example_info: {artifact_path: input_example.json, type: dataframe}
                metadata: {owner: team-a}
                """);

        assertThat(format.flavors()).containsOnlyKeys("python_function");
        assertThat(format.signature()).isNull();
        assertThat(format.savedInputExampleInfo()).containsEntry("type", "dataframe");
        assertThat(format.metadata()).containsEntry("owner", "team-a");
    }

    @Test
    void signature_params_are_parsed_and_missing_parts_are_empty_lists() {
        MlflowFormat format = inspectMlmodel(MINIMAL + """
                signature:
                  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'
                  params: '[{"name": "temperature", "type": "double", "default": 0.5, "shape": null}]'
                """);

        assertThat(format.signature().inputs()).isEmpty();
        assertThat(format.signature().outputs().get(0)).containsEntry("type", "tensor");
        assertThat(format.signature().params().get(0)).containsEntry("name", "temperature")
                .containsEntry("default", 0.5).containsEntry("shape", null);
    }

    @Test
    void mlflow_upload_without_mlmodel_is_refused() {
        InMemoryFiles files = Fixtures.mlflowSklearnDiabetes().without("MLmodel");

        assertThatThrownBy(() -> inspect(files))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("MLflow model needs an MLmodel file at the root of the upload");
    }

    @Test
    void mlmodel_only_in_a_subfolder_is_refused_saying_where_it_was_found() {
        InMemoryFiles files = Fixtures.mlflowSklearnDiabetes().movedInto("model");

        assertThatThrownBy(() -> inspect(files))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("MLflow model needs an MLmodel file at the root of the upload; found model/MLmodel"
                        + " — upload the folder's contents or pick that folder");
    }

    @Test
    void mlmodel_that_is_not_yaml_is_refused_with_line_and_column() {
        assertRefused("flavors: {python_function: {loader_module: x}\nrun_id: 1\n", "MLmodel is not valid YAML: line ");
    }

    @Test
    void mlmodel_that_is_a_yaml_list_is_refused() {
        assertRefused("- flavors\n- signature\n", "MLmodel must be a YAML map", "but it is a list");
    }

    @Test
    void empty_mlmodel_is_refused() {
        assertRefused("# nothing here\n", "MLmodel is empty");
    }

    @Test
    void mlmodel_without_flavors_is_refused() {
        assertRefused("run_id: abc\n", "MLmodel: 'flavors' is missing");
    }

    @Test
    void mlmodel_with_flavors_as_a_list_is_refused() {
        assertThatThrownBy(() -> inspectMlmodel("flavors:\n  - python_function\n  - sklearn\n"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("MLmodel: 'flavors' must be a map of flavor name to its settings");
    }

    @Test
    void mlmodel_with_a_flavor_that_is_not_a_map_is_refused() {
        assertRefused("flavors:\n  sklearn: yes\n", "'flavors' must be a map of flavor name to its settings",
                "'sklearn' is not");
    }

    @Test
    void mlmodel_with_empty_flavors_is_refused() {
        assertRefused("flavors: {}\n", "MLmodel: 'flavors' is empty");
    }

    @Test
    void signature_inputs_that_are_not_json_are_refused_naming_inputs() {
        assertRefused(MINIMAL + "signature:\n  inputs: '[{\"name\": \"a\", \"type\": }'\n  outputs: '[]'\n",
                "MLmodel: signature 'inputs' is not valid JSON");
    }

    @Test
    void signature_outputs_that_are_not_a_list_of_objects_are_refused_naming_outputs() {
        assertRefused(MINIMAL + "signature:\n  outputs: '[\"double\"]'\n",
                "MLmodel: signature 'outputs' must be a JSON list of objects");
    }

    @Test
    void duplicate_keys_are_refused() {
        assertRefused(MINIMAL + "run_id: a\nrun_id: b\n", "MLmodel is not valid YAML", "duplicate key run_id");
    }

    @Test
    void yaml_alias_bomb_is_refused_quickly() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                flavors: {python_function: {bomb: *i}}
                """;

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertRefused(bomb, "MLmodel is refused", "aliases"));
    }

    @Test
    void alias_expansion_under_the_alias_limit_is_stopped_by_the_value_budget() {
        StringBuilder yaml = new StringBuilder("l0: &l0 [" + "1,".repeat(399) + "1]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }
        yaml.append("flavors: {python_function: {expanded: *l9}}\n");

        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertRefused(yaml.toString(), "MLmodel: 'flavors' holds more than 100000 values"));
    }

    @Test
    void self_referencing_yaml_value_is_refused_without_stack_overflow() {
        assertRefused("flavors: {python_function: {loop: &x [*x]}}\n", "MLmodel: 'flavors' is nested deeper than 64");
    }

    @Test
    void mlmodel_larger_than_1_mib_is_refused() {
        String huge = MINIMAL + "padding: '" + "x".repeat(1 << 20) + "'\n";

        assertRefused(huge, "MLmodel is larger than 1 MiB");
    }

    @Test
    void mlmodel_that_is_not_utf8_is_refused() {
        InMemoryFiles files = InMemoryFiles.of("model.pkl", "x")
                .with("MLmodel", new byte[] {'f', 'l', (byte) 0xC3, (byte) 0x28, ':', ' ', '1'});

        assertThatThrownBy(() -> inspect(files)).hasMessage("MLmodel is not UTF-8 text");
    }

    @Test
    void mlflow_upload_with_no_files_is_refused() {
        assertThatThrownBy(() -> inspect(InMemoryFiles.of()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("the upload has no files");
    }
}
