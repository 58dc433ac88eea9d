package dev.modelyard.models.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads an MLmodel {@code signature}, whose inputs, outputs and params MLflow stores as JSON text inside the YAML. */
final class SignatureReader {

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PlainValues.MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final int MAX_ERROR_DETAIL = 200;

    private final String label;
    private final PlainValues plain;

    SignatureReader(String label, PlainValues plain) {
        this.label = label;
        this.plain = plain;
    }

    /** The parsed signature, or null when the MLmodel has none. */
    Signature read(Object signature) {
        if (signature == null) {
            return null;
        }
        if (!(signature instanceof Map<?, ?> parts)) {
            throw new ModelFormatException(label + ": 'signature' must be a map with inputs, outputs and params");
        }
        return new Signature(part(parts, "inputs"), part(parts, "outputs"), part(parts, "params"));
    }

    private List<Map<String, Object>> part(Map<?, ?> parts, String name) {
        Object value = parts.get(name);
        if (value == null) {
            return List.of();
        }
        // MLflow writes JSON text; a hand-written MLmodel may give the same list as YAML, which means the same.
        Object parsed = value instanceof String json ? parseJson(json, name) : value;
        if (!(parsed instanceof List<?> items)) {
            throw notListOfObjects(name);
        }
        List<Map<String, Object>> result = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> column)) {
                throw notListOfObjects(name);
            }
            result.add(plain.map(column, "signature." + name));
        }
        return result;
    }

    private Object parseJson(String json, String name) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            if (detail.length() > MAX_ERROR_DETAIL) {
                detail = detail.substring(0, MAX_ERROR_DETAIL) + "…";
            }
            throw new ModelFormatException(label + ": signature '" + name + "' is not valid JSON: " + detail);
        }
    }

    private ModelFormatException notListOfObjects(String name) {
        return new ModelFormatException(label + ": signature '" + name + "' must be a JSON list of objects");
    }
}
