package dev.modelyard.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.modelyard.base.SafeText;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisteredModelDetails;
import dev.modelyard.models.VersionSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The registry's JSON objects as MLflow's protocol names them: snake_case, ms timestamps, string versions. */
final class Wire {

    private Wire() {
    }

    static String shown(String raw) {
        String q = SafeText.quote(raw, 80);
        return q.substring(1, q.length() - 1);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegisteredModel(String name, Long creationTimestamp, Long lastUpdatedTimestamp, String userId,
                           String description, List<ModelVersion> latestVersions, List<Tag> tags,
                           List<Alias> aliases) {

        static RegisteredModel of(RegisteredModelDetails m) {
            return new RegisteredModel(m.name(), ms(m.createdAt()), ms(m.updatedAt()), m.createdBy(),
                    m.description() == null ? "" : m.description(),
                    m.latestPerStage().stream().map(ModelVersion::of).toList(), Wire.tags(m.tags()),
                    m.aliases().entrySet().stream().map(e -> new Alias(e.getKey(), String.valueOf(e.getValue()))).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelVersion(String name, String version, Long creationTimestamp, Long lastUpdatedTimestamp,
                        String userId, String currentStage, String description, String source, String runId,
                        String status, String statusMessage, List<Tag> tags, String runLink, List<String> aliases) {

        static ModelVersion of(ModelVersionDetails v) {
            return new ModelVersion(v.name(), String.valueOf(v.version()), ms(v.createdAt()), ms(v.updatedAt()),
                    v.createdBy(), v.stage(), v.description() == null ? "" : v.description(), Wire.source(v), v.runId(),
                    "READY", null, Wire.tags(v.tags()), v.runLink(), v.aliases());
        }
    }

    record Tag(String key, String value) {
    }

    record Alias(String alias, String version) {
    }

    /** The reference a version was registered from; for uploads, the registry's own copy of its files. */
    static String source(ModelVersionDetails v) {
        if (v.sourceUri() != null) {
            return v.sourceUri();
        }
        VersionSource s = v.source();
        if (VersionSource.JOB.equals(s.kind()) && s.job() != null) {
            return "azureml://jobs/" + s.job() + "/outputs/artifacts/paths/" + s.path();
        }
        return downloadUri(v.name(), v.version());
    }

    /** Where a version's files can be read through the artifact proxy: the registry's immutable copy. */
    static String downloadUri(String name, int version) {
        return "mlflow-artifacts:/registry/" + name + "/" + version;
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    static Long ms(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
