package dev.modelyard.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A request's parameters, from the JSON body (POST, PATCH, and DELETE as MLflow's clients send it) or the query
 * string (GET, and DELETE from clients that send no body); the body wins where both name one.
 */
final class Params {

    private final JsonNode body;
    private final MultiValueMap<String, String> query;

    private Params(JsonNode body, MultiValueMap<String, String> query) {
        this.body = body;
        this.query = query;
    }

    static Params of(ObjectMapper json, MultiValueMap<String, String> query, String body) {
        JsonNode node = null;
        if (body != null && !body.isBlank()) {
            try {
                node = json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new MlflowException(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON");
            }
            if (!node.isObject()) {
                throw new MlflowException(ErrorCode.MALFORMED_REQUEST, "the request body must be a JSON object");
            }
        }
        return new Params(node, query);
    }

    String optional(String name) {
        if (body != null && body.hasNonNull(name)) {
            JsonNode v = body.get(name);
            if (v.isContainerNode()) {
                throw MlflowException.invalid("Invalid value for parameter '" + name + "': expected a single value");
            }
            return v.asText();
        }
        return query == null ? null : query.getFirst(name);
    }

    String required(String name) {
        String v = optional(name);
        if (v == null || v.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter '" + name
                    + "'. See the API docs for more information about request parameters.");
        }
        return v;
    }

    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        if (body != null && body.hasNonNull(name)) {
            JsonNode v = body.get(name);
            if (v.isArray()) {
                v.forEach(e -> out.add(e.asText()));
            } else {
                out.add(v.asText());
            }
            return out;
        }
        if (query != null && query.get(name) != null) {
            out.addAll(query.get(name));
        }
        return out;
    }

    boolean bool(String name, boolean otherwise) {
        String v = optional(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw MlflowException.invalid("Invalid value '" + Wire.shown(v) + "' for parameter '" + name + "': expected true or false");
        }
        return Boolean.parseBoolean(v);
    }

    Integer integer(String name) {
        String v = optional(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value '" + Wire.shown(v) + "' for parameter '" + name + "': expected an integer");
        }
    }

    /** {@code [{"key": …, "value": …}]} from the body, in order; a repeated key keeps its last value. */
    Map<String, String> tags(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body != null && body.hasNonNull(name)) {
            JsonNode v = body.get(name);
            if (!v.isArray()) {
                throw MlflowException.invalid("Invalid value for parameter '" + name + "': expected a list of {key, value}");
            }
            for (JsonNode tag : v) {
                if (!tag.isObject() || !tag.hasNonNull("key")) {
                    throw MlflowException.invalid("Invalid value for parameter '" + name + "': every tag needs a key");
                }
                out.put(tag.get("key").asText(), tag.hasNonNull("value") ? tag.get("value").asText() : "");
            }
        }
        return out;
    }
}
