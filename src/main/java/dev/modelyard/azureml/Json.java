package dev.modelyard.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.base.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the SDK's request bodies: string maps (tags, properties, environment variables). */
final class Json {

    private Json() {
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("a map of strings was expected");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
