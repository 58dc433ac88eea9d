package dev.modelyard.jobs;

import java.util.Map;

/**
 * A command job to run: the JSON {@code spec} of {@code POST /api/v1/jobs} and the submit dialog's fields.
 *
 * @param environment    {@code name@latest} or {@code name:version}
 * @param timeoutSeconds null for the configured default
 * @param secretVariables environment variables whose values are stored sealed and never shown or returned
 *                        (names appear with the value {@value #MASK})
 */
public record SubmitJobCommand(String command, String environment, String compute, String displayName,
                               String experimentName, String description, Map<String, String> tags,
                               Map<String, String> environmentVariables, Integer timeoutSeconds,
                               Map<String, String> secretVariables) {

    /** What a secret variable's value shows as, everywhere. */
    public static final String MASK = "••••";

    public SubmitJobCommand {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        environmentVariables = environmentVariables == null ? Map.of() : Map.copyOf(environmentVariables);
        secretVariables = secretVariables == null ? Map.of() : Map.copyOf(secretVariables);
    }

    /** A job without secret variables. */
    public SubmitJobCommand(String command, String environment, String compute, String displayName,
                            String experimentName, String description, Map<String, String> tags,
                            Map<String, String> environmentVariables, Integer timeoutSeconds) {
        this(command, environment, compute, displayName, experimentName, description, tags, environmentVariables,
                timeoutSeconds, null);
    }
}
