package dev.modelyard.models.formats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an MLmodel file says. Provenance fields are kept as the text written in the file, so a
 * {@code python_version: 3.10} stays "3.10" and a timestamp keeps its microseconds.
 */
public record MlflowFormat(Map<String, Object> flavors, Signature signature, String runId, String mlflowVersion,
        String pythonVersion, String modelUuid, String utcTimeCreated, String artifactPath,
        Map<String, Object> savedInputExampleInfo, Map<String, Object> metadata) implements FormatInfo {

    public MlflowFormat {
        flavors = readOnly(flavors);
        savedInputExampleInfo = savedInputExampleInfo == null ? null : readOnly(savedInputExampleInfo);
        metadata = metadata == null ? null : readOnly(metadata);
    }

    // Map.copyOf would refuse the null values YAML settings often hold (e.g. sklearn's "code: null").
    private static Map<String, Object> readOnly(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
