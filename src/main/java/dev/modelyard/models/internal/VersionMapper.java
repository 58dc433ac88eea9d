package dev.modelyard.models.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.models.ModelSummary;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionSource;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.models.formats.CustomFormat;
import dev.modelyard.models.formats.FormatInfo;
import dev.modelyard.models.formats.ModelFormats;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Turns entities into the records the rest of the application sees; call inside a transaction. */
@Component
public class VersionMapper {

    private final ObjectMapper json;

    VersionMapper(ObjectMapper json) {
        this.json = json;
    }

    public String formatToJson(FormatInfo format) {
        try {
            return json.writeValueAsString(format);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("format information could not be written as JSON", e);
        }
    }

    public ModelVersionDetails details(ModelVersion v) {
        ModelType type = ModelType.fromWire(v.type());
        return new ModelVersionDetails(v.model().name(), v.version(), type, v.description(),
                sorted(v.tags()), sorted(v.properties()), v.archived(), v.createdAt(), v.createdBy(), v.updatedAt(),
                new VersionSource(v.sourceKind(), v.sourceJob(), v.sourcePath()),
                new ModelVersionDetails.FileStats(v.fileCount(), v.totalBytes()),
                new ModelVersionDetails.StorageStats(v.bytesNew(), v.bytesReused()),
                format(type, v.formatJson()), v.stage(), aliasesOf(v), v.sourceUri(), v.runId(), v.runLink());
    }

    /** The aliases of the version's model that point at it, sorted. */
    private static java.util.List<String> aliasesOf(ModelVersion v) {
        return v.model().aliases().entrySet().stream().filter(e -> e.getValue() == v.version())
                .map(Map.Entry::getKey).sorted().toList();
    }

    public VersionSummary summary(ModelVersion v) {
        return new VersionSummary(v.model().name(), v.version(), ModelType.fromWire(v.type()), v.description(),
                sorted(v.tags()), v.archived(), v.createdAt(), v.createdBy(), v.fileCount(), v.totalBytes(),
                v.updatedAt());
    }

    /** A model row showing {@code shown}; {@code newestVersion} is the model's newest version number in scope. */
    public ModelSummary modelSummary(ModelVersion shown, int newestVersion) {
        RegisteredModel m = shown.model();
        return new ModelSummary(m.name(), m.description(), m.updatedAt(), summary(shown), newestVersion);
    }

    private FormatInfo format(ModelType type, String formatJson) {
        if (formatJson == null) {
            return new CustomFormat();
        }
        try {
            return json.readValue(formatJson, ModelFormats.formatClass(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored format information is unreadable", e);
        }
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return new TreeMap<>(map);
    }
}
