package dev.modelyard.models.formats;

import java.util.List;
import java.util.Map;

/** An MLflow model signature, each part parsed from the JSON text MLflow stores in MLmodel; parts never null. */
public record Signature(List<Map<String, Object>> inputs, List<Map<String, Object>> outputs,
        List<Map<String, Object>> params) {

    public Signature {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        params = params == null ? List.of() : List.copyOf(params);
    }
}
