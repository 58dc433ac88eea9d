package dev.modelyard.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model with its model-level tags and aliases, as the MLflow registry shows it.
 *
 * @param latestPerStage the highest version in each stage that has any (MLflow's {@code latest_versions})
 * @param aliases        alias → version number
 */
public record RegisteredModelDetails(String name, String description, Instant createdAt, String createdBy,
                                     Instant updatedAt, Map<String, String> tags, Map<String, Integer> aliases,
                                     List<ModelVersionDetails> latestPerStage) {
}
