package dev.modelyard.api;

import java.util.Map;

/**
 * The JSON body of registration by reference:
 * {@code {"type", "source", "description", "tags", "properties"}}; {@code source} is a job reference today.
 */
record RegisterBySourceRequest(String type, String source, String description, Map<String, String> tags,
                               Map<String, String> properties) {
}
