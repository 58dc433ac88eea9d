package dev.modelyard.models.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.models.ModelType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFormatsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void suggest_type_sees_mlflow_from_mlmodel_at_the_root() {
        assertThat(ModelFormats.suggestType(List.of("MLmodel", "model.pkl"))).contains(ModelType.MLFLOW);
        assertThat(ModelFormats.suggestType(List.of("model/MLmodel"))).isEmpty();
        assertThat(ModelFormats.suggestType(List.of("MLmodel", "simple/config.pbtxt"))).contains(ModelType.MLFLOW);
    }

    @Test
    void suggest_type_sees_triton_from_config_at_the_root_or_one_level_down() {
        assertThat(ModelFormats.suggestType(List.of("config.pbtxt", "1/model.onnx"))).contains(ModelType.TRITON);
        assertThat(ModelFormats.suggestType(List.of("simple/config.pbtxt"))).contains(ModelType.TRITON);
        assertThat(ModelFormats.suggestType(List.of("models/simple/config.pbtxt"))).isEmpty();
        assertThat(ModelFormats.suggestType(List.of("simple/my_config.pbtxt"))).isEmpty();
    }

    @Test
    void suggest_type_says_nothing_for_other_uploads() {
        assertThat(ModelFormats.suggestType(List.of("weights.bin", "README.md"))).isEqualTo(Optional.empty());
        assertThat(ModelFormats.suggestType(List.of())).isEmpty();
    }

    @Test
    void an_upload_whose_files_all_sit_in_one_folder_is_registered_from_inside_it() {
        List<String> zipped = List.of("model-folder/MLmodel", "model-folder/model.pkl", "model-folder/sub/x.txt");

        assertThat(ModelFormats.wrappingFolder(zipped)).contains("model-folder");
        assertThat(ModelFormats.asRegistered(zipped)).containsExactly("MLmodel", "model.pkl", "sub/x.txt");
        assertThat(ModelFormats.suggestType(ModelFormats.asRegistered(zipped))).contains(ModelType.MLFLOW);
    }

    @Test
    void files_at_the_root_in_several_folders_or_in_a_triton_model_folder_stay_where_they_are() {
        assertThat(ModelFormats.wrappingFolder(List.of("MLmodel", "model.pkl"))).isEmpty();
        assertThat(ModelFormats.wrappingFolder(List.of("a/MLmodel", "model.pkl"))).isEmpty();
        assertThat(ModelFormats.wrappingFolder(List.of("a/MLmodel", "b/model.pkl"))).isEmpty();
        assertThat(ModelFormats.wrappingFolder(List.of())).isEmpty();
        // a repository with one model: the folder is the model's name, which Triton needs
        assertThat(ModelFormats.wrappingFolder(List.of("densenet/config.pbtxt", "densenet/1/model.onnx"))).isEmpty();
        // the repository's own folder around it goes
        assertThat(ModelFormats.wrappingFolder(List.of("repo/densenet/config.pbtxt", "repo/densenet/1/model.onnx")))
                .contains("repo");
        assertThat(ModelFormats.asRegistered(List.of("MLmodel"))).containsExactly("MLmodel");
    }

    @Test
    void suggest_type_agrees_with_the_fixtures() {
        assertThat(ModelFormats.suggestType(Fixtures.mlflowSklearnDiabetes().paths())).contains(ModelType.MLFLOW);
        assertThat(ModelFormats.suggestType(Fixtures.tritonModelRepository().paths())).contains(ModelType.TRITON);
    }

    @Test
    void custom_model_with_any_file_is_accepted() {
        assertThat(ModelFormats.inspect(ModelType.CUSTOM, InMemoryFiles.of("weights.bin", "x")))
                .isEqualTo(new CustomFormat());
    }

    @Test
    void custom_model_with_zero_files_is_refused() {
        assertThatThrownBy(() -> ModelFormats.inspect(ModelType.CUSTOM, InMemoryFiles.of()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("a custom model needs at least one file");
    }

    @Test
    void uploads_with_zero_files_are_refused_for_every_type() {
        for (ModelType type : ModelType.values()) {
            assertThatThrownBy(() -> ModelFormats.inspect(type, InMemoryFiles.of()))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("needs");
        }
    }

    @Test
    void format_exception_is_an_invalid_input_exception() {
        assertThat(new ModelFormatException("x")).isInstanceOf(dev.modelyard.base.InvalidInputException.class);
    }

    @Test
    void mlflow_format_writes_signature_as_parsed_lists_and_reads_back_equal() throws Exception {
        FormatInfo format = ModelFormats.inspect(ModelType.MLFLOW, Fixtures.mlflowSklearnDiabetes());

        String written = json.writeValueAsString(format);
        JsonNode tree = json.readTree(written);

        assertThat(tree.at("/signature/inputs/0/name").asText()).isEqualTo("Pregnancies");
        assertThat(tree.at("/signature/outputs/0/type").asText()).isEqualTo("double");
        assertThat(tree.at("/signature/params").isArray()).isTrue();
        assertThat(tree.at("/pythonVersion").asText()).isEqualTo("3.10.19");
        assertThat(json.readValue(written, ModelFormats.formatClass(ModelType.MLFLOW))).isEqualTo(format);
    }

    @Test
    void triton_format_writes_models_and_reads_back_equal() throws Exception {
        FormatInfo format = ModelFormats.inspect(ModelType.TRITON, Fixtures.tritonModelRepository());

        String written = json.writeValueAsString(format);
        JsonNode model = json.readTree(written).at("/models/0");

        assertThat(model.at("/name").asText()).isEqualTo("simple");
        assertThat(model.at("/maxBatchSize").asInt()).isEqualTo(8);
        assertThat(model.at("/inputs/0/dataType").asText()).isEqualTo("TYPE_INT32");
        assertThat(model.at("/inputs/0/dims/0").asLong()).isEqualTo(16);
        assertThat(model.at("/versions/0").asText()).isEqualTo("1");
        assertThat(json.readValue(written, ModelFormats.formatClass(ModelType.TRITON))).isEqualTo(format);
    }

    @Test
    void custom_format_writes_an_empty_object_and_reads_back() throws Exception {
        String written = json.writeValueAsString(new CustomFormat());

        assertThat(written).isEqualTo("{}");
        assertThat(json.readValue(written, ModelFormats.formatClass(ModelType.CUSTOM))).isEqualTo(new CustomFormat());
    }
}
