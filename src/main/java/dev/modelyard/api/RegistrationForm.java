package dev.modelyard.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The multipart form that registers a version, for the OpenAPI description only: {@link ModelApi} reads the
 * parts as they stream in ({@link StreamedMultipart}) instead of binding them.
 */
@Schema(name = "RegistrationForm", description = "multipart/form-data; fields may come before or after the files")
record RegistrationForm(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "custom_model",
                description = "mlflow_model, custom_model or triton_model") String type,
        @Schema(description = "free text") String description,
        @ArraySchema(schema = @Schema(example = "team=risk", description = "key=value, repeatable")) List<String> tags,
        @ArraySchema(schema = @Schema(example = "source=notebook", description = "key=value, repeatable"))
        List<String> properties,
        @ArraySchema(schema = @Schema(type = "string", format = "binary",
                description = "a file; its filename may carry a relative path")) List<String> files,
        @Schema(type = "string", format = "binary", description = "one .zip, .tar or .tar.gz, unpacked server-side")
        String archive) {
}
