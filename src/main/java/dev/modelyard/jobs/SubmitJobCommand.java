package dev.modelyard.jobs;

import java.util.Map;

/**
 * A command job to run: the JSON {@code spec} of {@code POST /api/v1/jobs} and the submit dialog's fields.
 *
 * @param environment    {@code name@latest} or {@code name:version}
 * @param timeoutSeconds null for the configured default
 */
public record SubmitJobCommand(String command, String environment, String compute, String displayName,
                               String experimentName, String description, Map<String, String> tags,
                               Map<String, String> environmentVariables, Integer timeoutSeconds) {

    public SubmitJobCommand {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        environmentVariables = environmentVariables == null ? Map.of() : Map.copyOf(environmentVariables);
    }
}
