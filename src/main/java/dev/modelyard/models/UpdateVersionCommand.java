package dev.modelyard.models;

import java.util.Map;

/** The two things that may change after creation; a null field stays as it is. */
public record UpdateVersionCommand(String description, Map<String, String> tags) {
}
