package dev.modelyard.models.formats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies parsed YAML or JSON into values Jackson writes and reads back unchanged: string-keyed maps,
 * lists, strings, numbers, booleans and null. Aliases may make a small file describe a huge or
 * cyclic graph, so the copy stops at a node budget and a depth limit shared by one file.
 */
final class PlainValues {

    static final int MAX_NODES = 100_000;
    static final int MAX_DEPTH = 64;

    private final String label;
    private int nodesLeft = MAX_NODES;

    PlainValues(String label) {
        this.label = label;
    }

    /** A plain copy of a map value; {@code what} names it in error messages. */
    Map<String, Object> map(Map<?, ?> value, String what) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(value, what, 0);
        return copy;
    }

    /** A plain copy of any parsed value. */
    Object copy(Object value, String what, int depth) {
        if (--nodesLeft < 0) {
            throw new ModelFormatException(label + ": '" + what + "' holds more than " + MAX_NODES
                    + " values; YAML aliases may be expanding it");
        }
        if (depth > MAX_DEPTH) {
            throw new ModelFormatException(label + ": '" + what + "' is nested deeper than " + MAX_DEPTH
                    + " levels (or refers to itself)");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double d) {
            // JSON has no NaN or infinity; their YAML spelling survives the round trip as text.
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (copy.containsKey(key)) {
                    throw new ModelFormatException(label + ": '" + what + "' has the key '" + key + "' twice");
                }
                copy.put(key, copy(entry.getValue(), what, depth + 1));
            }
            return copy;
        }
        if (value instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            for (Object item : items) {
                copy.add(copy(item, what, depth + 1));
            }
            return copy;
        }
        if (value instanceof Object[] items) {
            return copy(Arrays.asList(items), what, depth);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        return String.valueOf(value);
    }
}
