package dev.modelyard.jobs;

import java.util.Map;

/** The JSON body of registration by reference: {@code {"type", "source", "description", "tags", "properties"}}. */
public record RegisterFromJobCommand(String type, String source, String description, Map<String, String> tags,
                                     Map<String, String> properties) {
}
