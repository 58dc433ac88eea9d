package dev.modelyard.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.modelyard.base.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The three asset types, named on the wire as Azure ML names them. */
public enum ModelType {
    MLFLOW("mlflow_model", "MLflow", "A folder with an MLmodel file at its root"),
    CUSTOM("custom_model", "Custom", "Any files"),
    TRITON("triton_model", "Triton", "A Triton model repository: <model>/config.pbtxt with numeric version folders");

    private final String wireName;
    private final String label;
    private final String expects;

    ModelType(String wireName, String label, String expects) {
        this.wireName = wireName;
        this.label = label;
        this.expects = expects;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    /** One line that says what a registration of this type must contain. */
    public String expects() {
        return expects;
    }

    @JsonCreator
    public static ModelType fromWire(String value) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(value))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown model type '" + truncate(value)
                        + "'; expected one of " + Arrays.stream(values()).map(ModelType::wireName)
                        .collect(Collectors.joining(", "))));
    }

    private static String truncate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
