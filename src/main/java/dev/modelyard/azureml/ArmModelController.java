package dev.modelyard.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelDetails;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelSummary;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSource;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Model containers and versions over Modelyard's registry: the SDK numbers versions itself from the container's
 * {@code nextVersion}; {@code modelUri} names a job's folder (no bytes copied) or an uploaded folder of the blob
 * datastore; versions carry the MLmodel's flavors and the job that made them.
 */
@RestController
@RequestMapping(Arm.WS + "/models")
class ArmModelController {

    private final ModelService models;
    private final BlobService blobs;
    private final CodeAssetService codes;
    private final ObjectMapper json;

    ArmModelController(ModelService models, BlobService blobs, CodeAssetService codes, ObjectMapper json) {
        this.models = models;
        this.blobs = blobs;
        this.codes = codes;
        this.json = json;
    }

    @GetMapping
    Map<String, Object> containers(@PathVariable String subscription, @PathVariable String resourceGroup,
                                   @PathVariable String workspace,
                                   @RequestParam(required = false) String listViewType,
                                   @RequestParam(name = "$skipToken", required = false) String skip, HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        int page = Arm.pageNumber(skip);
        Slice<ModelSummary> slice = models.searchModels(new ModelFilter(null, null, List.of(), archived(listViewType)),
                PageRequest.of(page, Arm.PAGE));
        return Arm.page(slice.getContent().stream().map(m -> container(ws, models.model(m.name()))).toList(),
                slice.hasNext(), page, request);
    }

    @GetMapping("/{name}")
    Map<String, Object> container(@PathVariable String subscription, @PathVariable String resourceGroup,
                                  @PathVariable String workspace, @PathVariable String name) {
        return container(Arm.workspaceId(subscription, resourceGroup, workspace), models.model(name));
    }

    private Map<String, Object> container(String ws, ModelDetails m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", m.description());
        p.put("tags", Map.of());
        p.put("properties", Map.of());
        p.put("isArchived", m.archived());
        int next = models.nextVersion(m.name());
        p.put("latestVersion", m.latestVersion() != null ? String.valueOf(m.latestVersion())
                : next > 1 ? String.valueOf(next - 1) : null);
        p.put("nextVersion", next > 0 ? String.valueOf(next) : null);
        return Arm.resource(ws + "/models/" + m.name(), m.name(), Arm.TYPE + "/models", p, m.createdAt(), m.createdBy(),
                m.updatedAt());
    }

    @GetMapping("/{name}/versions")
    Map<String, Object> versions(@PathVariable String subscription, @PathVariable String resourceGroup,
                                 @PathVariable String workspace, @PathVariable String name,
                                 @RequestParam(required = false) String listViewType,
                                 @RequestParam(name = "$orderBy", required = false) String orderBy,
                                 @RequestParam(name = "$top", required = false) Integer top,
                                 @RequestParam(name = "$skipToken", required = false) String skip,
                                 HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        if (orderBy != null && !orderBy.isBlank() && !orderBy.strip().toLowerCase(Locale.ROOT).matches("(createdtime|version)( desc)?")) {
            throw new InvalidInputException("$orderBy", "versions are listed by createdtime desc (newest first); "
                    + "$orderBy " + orderBy.replaceAll("\\p{Cntrl}", "?") + " is not supported");
        }
        if (top != null && (top < 1 || top > Arm.PAGE)) {
            throw new InvalidInputException("$top", "$top is between 1 and " + Arm.PAGE);
        }
        int page = Arm.pageNumber(skip);
        int size = top == null ? Arm.PAGE : top;
        Slice<VersionSummary> slice = models.versionsOf(name, new ModelFilter(null, null, List.of(), archived(listViewType)),
                PageRequest.of(page, size));
        return Arm.page(slice.getContent().stream().map(v -> version(ws, models.version(new VersionRef(name, v.version()))))
                .toList(), top == null && slice.hasNext(), page, request);
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> get(@PathVariable String subscription, @PathVariable String resourceGroup,
                            @PathVariable String workspace, @PathVariable String name, @PathVariable String version) {
        return version(Arm.workspaceId(subscription, resourceGroup, workspace), models.version(new VersionRef(name, number(version))));
    }

    /**
     * Creates version {@code version} (201), or changes an existing one (200): description, tags and
     * {@code isArchived} (the SDK's archive/restore is a GET and this PUT).
     */
    @PutMapping("/{name}/versions/{version}")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<Map<String, Object>> put(@PathVariable String subscription, @PathVariable String resourceGroup,
                                            @PathVariable String workspace, @PathVariable String name,
                                            @PathVariable String version, @RequestBody JsonNode body) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        int number = number(version);
        JsonNode p = body.path("properties");
        VersionRef ref = new VersionRef(name, number);
        ModelVersionDetails existing = find(ref);
        if (existing != null) {
            String description = Json.text(p, "description");
            Map<String, String> tags = Json.stringMap(p.path("tags"));
            if (!Objects.equals(description, existing.description()) || !tags.equals(existing.tags())) {
                existing = models.update(ref, new UpdateVersionCommand(description, tags));
            }
            boolean archive = p.path("isArchived").asBoolean(false);
            if (archive != existing.archived()) {
                existing = models.setArchived(ref, archive);
            }
            return ResponseEntity.ok(version(ws, existing));
        }
        String type = Json.text(p, "modelType");
        ModelType modelType = type == null ? null : ModelType.fromWire(type.toLowerCase(Locale.ROOT));
        RegisterModelCommand command = new RegisterModelCommand(name, number, modelType, Json.text(p, "description"),
                Json.stringMap(p.path("tags")), Json.stringMap(p.path("properties")), null);
        String uri = Json.text(p, "modelUri");
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("modelUri", "a model version needs modelUri: a job's folder "
                    + "(azureml://jobs/<job>/outputs/artifacts/paths/<path>) or an uploaded folder");
        }
        ModelVersionDetails created;
        if (uri.contains("/datastores/") || uri.startsWith("https://") || uri.startsWith("http://")) {
            String[] location = codes.location(uri);
            List<ArtifactFile> files = blobs.filesUnder(CurrentWorkspace.id(), location[0], location[1]);
            if (files.isEmpty()) {
                throw new InvalidInputException("modelUri", "no uploaded file lies under " + dev.modelyard.base.SafeText.quote(uri, 200));
            }
            created = models.registerStored(new RegisterModelCommand(name, number, modelType == null ? ModelType.CUSTOM : modelType,
                    command.description(), command.tags(), command.properties(), VersionSource.upload()), files);
        } else {
            created = models.registerFromSource(command, uri);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(version(ws, created));
    }

    private ModelVersionDetails find(VersionRef ref) {
        try {
            return models.version(ref);
        } catch (NotFoundException absent) {
            return null;
        }
    }

    private static int number(String version) {
        try {
            int n = Integer.parseInt(version);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new InvalidInputException("version", "Modelyard numbers versions 1, 2, 3…; version "
                + dev.modelyard.base.SafeText.quote(version, 40) + " is not one");
    }

    private static ArchivedFilter archived(String listViewType) {
        if (listViewType == null) {
            return ArchivedFilter.ACTIVE;
        }
        return switch (listViewType) {
            case "ArchivedOnly" -> ArchivedFilter.ARCHIVED;
            case "All" -> ArchivedFilter.ALL;
            case "ActiveOnly" -> ArchivedFilter.ACTIVE;
            default -> throw new InvalidInputException("listViewType", "listViewType is ActiveOnly, ArchivedOnly or All");
        };
    }

    private Map<String, Object> version(String ws, ModelVersionDetails v) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", v.description());
        p.put("tags", v.tags());
        p.put("properties", v.properties());
        p.put("isAnonymous", false);
        p.put("isArchived", v.archived());
        p.put("modelType", v.type().wireName());
        p.put("modelUri", v.sourceUri() != null ? v.sourceUri() : "models:/" + v.name() + "/" + v.version());
        p.put("flavors", flavors(v));
        p.put("jobName", v.runId());
        p.put("stage", v.stage());
        p.put("provisioningState", "Succeeded");
        return Arm.resource(ws + "/models/" + v.name() + "/versions/" + v.version(), String.valueOf(v.version()),
                Arm.TYPE + "/models/versions", p, v.createdAt(), v.createdBy(), v.updatedAt());
    }

    /** Azure's shape: flavor → {"data": {key: string}}; nested values as JSON text. Never null. */
    private Map<String, Object> flavors(ModelVersionDetails v) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v.format() instanceof MlflowFormat mlflow) {
            mlflow.flavors().forEach((flavor, settings) -> {
                Map<String, String> data = new LinkedHashMap<>();
                if (settings instanceof Map<?, ?> map) {
                    map.forEach((k, value) -> data.put(String.valueOf(k), text(value)));
                }
                out.put(flavor, Map.of("data", data));
            });
        }
        return out;
    }

    private String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return json.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return String.valueOf(value);
    }
}
