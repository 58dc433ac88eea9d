package dev.modelyard.models;

import java.util.Map;

/**
 * A request to register a version of {@code name}.
 *
 * @param version null for the next number, or an explicit unused one
 */
public record RegisterModelCommand(String name, Integer version, ModelType type, String description,
                                   Map<String, String> tags, Map<String, String> properties, VersionSource source) {

    public RegisterModelCommand {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        source = source == null ? VersionSource.upload() : source;
    }
}
