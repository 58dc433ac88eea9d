package dev.modelyard.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureTableTest {

    @Test
    void a_tensor_spec_shows_its_dtype_and_shape_and_is_required_by_default() {
        SignatureTable.Column column = SignatureTable.column(Map.of("name", "pixels", "type", "tensor",
                "tensor-spec", Map.of("dtype", "float32", "shape", List.of(-1, 28, 28))));

        assertThat(column).isEqualTo(new SignatureTable.Column("pixels", "float32 tensor", "[-1, 28, 28]", true));
    }

    @Test
    void a_column_spec_keeps_its_type_and_an_explicit_required_false() {
        assertThat(SignatureTable.column(Map.of("name", "age", "type", "long", "required", false)))
                .isEqualTo(new SignatureTable.Column("age", "long", null, false));
        assertThat(SignatureTable.column(Map.of("type", "array", "items", Map.of("type", "string"))).type())
                .isEqualTo("array<string>");
    }

    @Test
    void a_param_shows_its_default_and_shape() {
        Map<String, Object> spec = new HashMap<>(Map.of("name", "temperature", "type", "double", "default", 0.7));
        spec.put("shape", null);

        assertThat(SignatureTable.param(spec)).isEqualTo(new SignatureTable.Param("temperature", "double", "0.7", null));
        assertThat(SignatureTable.param(Map.of("name", "ids", "type", "long", "default", List.of(1, 2),
                "shape", List.of(-1))).shape()).isEqualTo("[-1]");
    }
}
