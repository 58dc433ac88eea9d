package dev.modelyard.base;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** String maps kept as JSON text in a column (tags, variables, metadata, properties): one way to write and read them. */
public final class JsonMaps {

    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private JsonMaps() {
    }

    /** The map as JSON, keys sorted, so the same map is always the same text. */
    public static String write(ObjectMapper json, Map<String, String> map) {
        try {
            return json.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A map this server wrote, unmodifiable, in its stored order; {@code what} names it if the text is damaged. */
    public static Map<String, String> read(ObjectMapper json, String text, String what) {
        try {
            return Collections.unmodifiableMap(json.readValue(text, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " are unreadable", e);
        }
    }
}
