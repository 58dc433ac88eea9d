package dev.modelyard.models.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.models.ModelType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TritonFormatTest {

    /** A config with known line numbers, for asserting positions in messages. */
    private static final String SIMPLE_CONFIG = """
            name: "simple"
            platform: "onnxruntime_onnx"
            max_batch_size: 8
            input [
              {
                name: "INPUT0"
                data_type: TYPE_INT32
                dims: [ 16 ]
              }
            ]
            output [
              {
                name: "OUTPUT0"
                data_type: TYPE_INT32
                dims: [ 16 ]
              }
            ]
            """;

    private static TritonFormat inspect(ModelFileSource files) {
        return (TritonFormat) ModelFormats.inspect(ModelType.TRITON, files);
    }

    private static InMemoryFiles simpleWithConfig(String config) {
        return InMemoryFiles.of("simple/config.pbtxt", config, "simple/1/model.onnx", "onnx");
    }

    private static TritonModel onlyModel(String config) {
        return inspect(simpleWithConfig(config)).models().get(0);
    }

    private static void assertRefused(ModelFileSource files, String message) {
        assertThatThrownBy(() -> inspect(files)).isInstanceOf(ModelFormatException.class).hasMessageContaining(message);
    }

    private static void assertConfigRefused(String config, String message) {
        assertRefused(simpleWithConfig(config), message);
    }

    @Test
    void triton_fixture_repository_parses_all_three_models() {
        TritonFormat format = inspect(Fixtures.tritonModelRepository());

        assertThat(format.models()).extracting(TritonModel::name)
                .containsExactly("simple", "simple_int8", "simple_string");
        assertThat(format.models()).extracting(TritonModel::path)
                .containsExactly("simple", "simple_int8", "simple_string");
    }

    @Test
    void simple_model_has_onnx_platform_batch_8_and_two_int32_inputs_and_outputs() {
        TritonModel simple = inspect(Fixtures.tritonModelRepository()).models().get(0);

        assertThat(simple.platform()).isEqualTo("onnxruntime_onnx");
        assertThat(simple.backend()).isNull();
        assertThat(simple.maxBatchSize()).isEqualTo(8);
        assertThat(simple.inputs()).containsExactly(
                new TritonTensor("INPUT0", "TYPE_INT32", List.of(16L)),
                new TritonTensor("INPUT1", "TYPE_INT32", List.of(16L)));
        assertThat(simple.outputs()).extracting(TritonTensor::name).containsExactly("OUTPUT0", "OUTPUT1");
        assertThat(simple.versions()).containsExactly("1");
    }

    @Test
    void simple_string_and_simple_int8_carry_their_data_types() {
        List<TritonModel> models = inspect(Fixtures.tritonModelRepository()).models();

        assertThat(models.get(1).inputs()).extracting(TritonTensor::dataType).containsOnly("TYPE_INT8");
        assertThat(models.get(2).inputs()).extracting(TritonTensor::dataType).containsOnly("TYPE_STRING");
        assertThat(models.get(2).outputs()).extracting(TritonTensor::dataType).containsOnly("TYPE_STRING");
    }

    @Test
    void one_model_folder_uploaded_as_the_root_parses_with_an_empty_path() {
        InMemoryFiles files = Fixtures.tritonModelRepository().under("simple");
        assertThat(files.paths()).containsExactlyInAnyOrder("config.pbtxt", "1/model.onnx");

        TritonFormat format = inspect(files);

        assertThat(format.models()).singleElement().satisfies(model -> {
            assertThat(model.name()).isEqualTo("simple");
            assertThat(model.path()).isEmpty();
            assertThat(model.versions()).containsExactly("1");
        });
    }

    @Test
    void backend_repeated_scalar_dims_variable_dims_and_unknown_fields_are_read() {
        TritonModel model = onlyModel("""
                name: "simple"
                backend: "python"
                max_batch_size: 0
                input { name: "IMAGE" data_type: TYPE_FP32 dims: -1 dims: 16, dims: 3 }
                output: [ { name: "SCORES", data_type: TYPE_BF16, dims: [ -1 ] } ]
                instance_group [ { kind: KIND_GPU count: 2 gpus: [ 0, 1 ] } ]
                dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }
                parameters { key: "EXECUTION_ENV_PATH" value: { string_value: "$$TRITON_MODEL_DIRECTORY/env.tar.gz" } }
                version_policy: { latest { num_versions: 2 } }
                optimization < execution_accelerators { gpu_execution_accelerator : [ { name : "tensorrt" } ] } >
                """);

        assertThat(model.backend()).isEqualTo("python");
        assertThat(model.platform()).isNull();
        assertThat(model.inputs()).containsExactly(new TritonTensor("IMAGE", "TYPE_FP32", List.of(-1L, 16L, 3L)));
        assertThat(model.outputs()).containsExactly(new TritonTensor("SCORES", "TYPE_BF16", List.of(-1L)));
    }

    @Test
    void versions_are_numeric_folders_in_numeric_order() {
        InMemoryFiles files = simpleWithConfig(SIMPLE_CONFIG)
                .with("simple/10/model.onnx", "x")
                .with("simple/2/sub/model.onnx", "x")
                .with("simple/0/model.onnx", "x")
                .with("simple/v3/model.onnx", "x")
                .with("simple/README.md", "x");

        assertThat(inspect(files).models().get(0).versions()).containsExactly("1", "2", "10");
    }

    @Test
    void missing_max_batch_size_defaults_to_zero_and_missing_name_to_the_folder() {
        TritonModel model = onlyModel("platform: \"onnxruntime_onnx\"\n");

        assertThat(model.name()).isEqualTo("simple");
        assertThat(model.maxBatchSize()).isZero();
        assertThat(model.inputs()).isEmpty();
    }

    @Test
    void triton_upload_without_config_is_refused() {
        assertRefused(InMemoryFiles.of("simple/1/model.onnx", "x"),
                "a Triton model repository needs <model>/config.pbtxt for each model");
    }

    @Test
    void config_too_deep_in_the_upload_is_refused_saying_where_it_was_found() {
        InMemoryFiles files = Fixtures.tritonModelRepository().movedInto("models");

        assertRefused(files, "found models/simple/config.pbtxt — upload the folder that holds the model folders");
    }

    @Test
    void config_syntax_error_reports_model_line_and_column() {
        String broken = SIMPLE_CONFIG.replace("data_type: TYPE_INT32\n    dims: [ 16 ]\n  }\n]\noutput",
                "data_type TYPE_INT32\n    dims: [ 16 ]\n  }\n]\noutput");

        assertConfigRefused(broken, "config.pbtxt of model 'simple': line 7, column 15: "
                + "expected ':' or '{' after field name 'data_type' but found 'TYPE_INT32'");
    }

    @Test
    void config_syntax_error_in_the_fixture_reports_its_real_line() {
        InMemoryFiles repository = Fixtures.tritonModelRepository();
        String config = repository.text("simple/config.pbtxt").replace("output [", "output [[");

        assertRefused(repository.with("simple/config.pbtxt", config),
                "config.pbtxt of model 'simple': line 41, column 9: expected '{' to start the next message in the list 'output'");
    }

    @Test
    void unknown_data_type_is_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("TYPE_INT32\n    dims: [ 16 ]\n  }\n]\noutput", "TYPE_INT33\n    dims: [ 16 ]\n  }\n]\noutput"),
                "config.pbtxt of model 'simple': line 7, column 16: unknown data_type 'TYPE_INT33'; expected one of TYPE_INVALID");
    }

    @Test
    void data_type_given_as_a_string_is_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("data_type: TYPE_INT32", "data_type: \"TYPE_INT32\""),
                "unknown data_type '\"TYPE_INT32\"'");
    }

    @Test
    void name_that_differs_from_the_folder_is_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("name: \"simple\"", "name: \"other\""),
                "config.pbtxt of model 'simple': line 1, column 7: name 'other' does not match the model folder 'simple'");
    }

    @Test
    void model_without_a_version_folder_is_refused_naming_the_model() {
        InMemoryFiles files = Fixtures.tritonModelRepository().without("simple_int8/1/model.onnx")
                .with("simple_int8/model.onnx", "x");

        assertRefused(files, "Triton model 'simple_int8' has no version folder: put its files in a numeric folder"
                + " such as simple_int8/1/");
    }

    @Test
    void root_model_without_a_version_folder_is_refused() {
        assertRefused(InMemoryFiles.of("config.pbtxt", SIMPLE_CONFIG, "model.onnx", "x"),
                "the Triton model at the root of the upload has no version folder");
    }

    @Test
    void dims_that_are_not_integers_are_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("dims: [ 16 ]", "dims: [ 16.5 ]"),
                "line 8, column 13: 'dims' must be an integer but is 16.5");
        assertConfigRefused(SIMPLE_CONFIG.replace("dims: [ 16 ]", "dims: [ \"16\" ]"),
                "'dims' must be an integer but is \"16\"");
    }

    @Test
    void dims_below_minus_one_are_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("dims: [ 16 ]", "dims: [ -2 ]"),
                "'dims' must be between -1 and 9223372036854775807 but is -2");
    }

    @Test
    void max_batch_size_must_be_a_non_negative_int() {
        assertConfigRefused(SIMPLE_CONFIG.replace("max_batch_size: 8", "max_batch_size: \"8\""),
                "line 3, column 17: 'max_batch_size' must be an integer");
        assertConfigRefused(SIMPLE_CONFIG.replace("max_batch_size: 8", "max_batch_size: 4294967296"),
                "'max_batch_size' must be between 0 and 2147483647");
    }

    @Test
    void platform_must_be_a_quoted_string_and_given_once() {
        assertConfigRefused(SIMPLE_CONFIG.replace("platform: \"onnxruntime_onnx\"", "platform: onnxruntime_onnx"),
                "line 2, column 11: 'platform' must be a quoted string but is onnxruntime_onnx");
        assertConfigRefused(SIMPLE_CONFIG.replace("max_batch_size: 8", "platform: \"tensorflow_savedmodel\""),
                "line 3, column 1: 'platform' is given more than once");
    }

    @Test
    void tensor_without_a_name_is_refused() {
        assertConfigRefused(SIMPLE_CONFIG.replace("    name: \"OUTPUT0\"\n", ""),
                "config.pbtxt of model 'simple': line 12, column 3: an output needs a name");
    }

    @Test
    void input_written_as_a_scalar_is_refused() {
        assertConfigRefused("name: \"simple\"\ninput: 3\n", "line 2, column 8: 'input' must be a message");
    }

    @Test
    void deeply_nested_braces_are_refused_without_stack_overflow() {
        // The 65th brace stands at column 14 + 64 * 4.
        String config = "optimization " + "{ x ".repeat(10_000) + "}".repeat(10_000);

        assertConfigRefused(config, "config.pbtxt of model 'simple': line 1, column 270: messages are nested deeper than 64 levels");
    }

    @Test
    void unterminated_string_is_refused_with_its_position() {
        assertConfigRefused(SIMPLE_CONFIG.replace("platform: \"onnxruntime_onnx\"", "platform: \"onnxruntime_onnx"),
                "config.pbtxt of model 'simple': line 2, column 11: unterminated string");
    }

    @Test
    void config_larger_than_1_mib_is_refused() {
        assertConfigRefused(SIMPLE_CONFIG + "#" + "x".repeat(1 << 20),
                "config.pbtxt of model 'simple' is larger than 1 MiB");
    }

    @Test
    void repository_folder_without_config_is_refused() {
        assertRefused(Fixtures.tritonModelRepository().with("extra/1/model.onnx", "x"),
                "folder 'extra' has no config.pbtxt");
    }

    @Test
    void root_config_without_a_name_is_refused() {
        assertRefused(InMemoryFiles.of("config.pbtxt", "platform: \"onnxruntime_onnx\"\n", "1/model.onnx", "x"),
                "config.pbtxt must set name");
    }

    @Test
    void root_config_may_carry_any_name() {
        TritonFormat format = inspect(InMemoryFiles.of("config.pbtxt", SIMPLE_CONFIG.replace("\"simple\"", "\"renamed\""),
                "1/model.onnx", "x"));

        assertThat(format.models().get(0).name()).isEqualTo("renamed");
    }

    @Test
    void config_at_the_root_and_in_a_model_folder_is_refused() {
        assertRefused(Fixtures.tritonModelRepository().with("config.pbtxt", SIMPLE_CONFIG),
                "config.pbtxt at its root and also in simple/config.pbtxt");
    }

    @Test
    void triton_upload_with_no_files_is_refused() {
        assertRefused(InMemoryFiles.of(), "the upload has no files");
    }
}
