package dev.modelyard.api;

import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Models and versions: register, list, read, change the changeable, archive. Files live in {@link ModelFilesApi}. */
@RestController
@RequestMapping({"/api/v1/models", "/api/v1/workspaces/{workspace}/models"})
@Tag(name = "Models")
class ModelApi {

    /** A manifest part of 10,000 files at ~200 bytes a line fits. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final String MANIFEST = "manifest";

    private final ModelService models;
    private final ArtifactService artifacts;
    private final UploadRateProperties rate;
    private final ObjectMapper json;

    ModelApi(ModelService models, ArtifactService artifacts, UploadRateProperties rate, ObjectMapper json) {
        this.models = models;
        this.artifacts = artifacts;
        this.rate = rate;
        this.json = json;
    }

    @Operation(summary = "Register the next version of a model from uploaded files and/or one archive")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = RegistrationForm.class)))
    @PostMapping(path = "/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<ModelVersionDetails> register(@PathVariable String name, HttpServletRequest request) {
        return registerVersion(name, null, request);
    }

    @Operation(summary = "Register a version with an explicit number; 409 if it exists")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = RegistrationForm.class)))
    @PutMapping(path = "/{name}/versions/{version}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<ModelVersionDetails> registerExplicit(@PathVariable String name, @PathVariable String version,
                                                         HttpServletRequest request) {
        return registerVersion(name, VersionRef.parseNumber(version), request);
    }

    @Operation(summary = "Register the next version without uploading: JSON {type, source | manifest, description, "
            + "tags, properties}. source is azureml://jobs/<job>/outputs/artifacts/paths/<path> or jobs:/<job>/<path>; "
            + "manifest is [{path, sha256, size}] of files Modelyard already holds (ask POST /api/v1/blobs/missing)")
    @PostMapping(path = "/{name}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelVersionDetails> registerFromJob(@PathVariable String name, @RequestBody RegisterBySourceRequest body) {
        if (body.type() == null) {
            throw new InvalidInputException("type", "a model type is required: mlflow_model, custom_model or triton_model");
        }
        RegisterModelCommand command = new RegisterModelCommand(name, null, ModelType.fromWire(body.type()),
                body.description(), body.tags(), body.properties(), null);
        ModelVersionDetails created;
        if (body.manifest() != null) {
            if (body.source() != null) {
                throw new InvalidInputException("source", "give either 'source' or 'manifest', not both");
            }
            try (StagedUpload none = artifacts.stage()) {
                created = models.registerFromManifest(command, body.manifest(), none);
            }
        } else {
            created = models.registerFromSource(command, body.source());
        }
        return created(created);
    }

    private static ResponseEntity<ModelVersionDetails> created(ModelVersionDetails created) {
        return ResponseEntity.created(URI.create(ApiPaths.base() + "/models/" + created.name() + "/versions/" + created.version()))
                .body(created);
    }

    /**
     * Stages each file part while it streams in (the body is never spooled first: {@link ApiMultipartConfig}),
     * then registers. Fields may come before or after the files.
     */
    private ResponseEntity<ModelVersionDetails> registerVersion(String name, Integer version, HttpServletRequest request) {
        try (StagedUpload staged = artifacts.stage()) {
            List<String> manifestParts = new ArrayList<>();
            boolean[] archiveGiven = {false};
            Map<String, List<String>> fields = StreamedMultipart.read(request, rate, (field, fileName, in) -> {
                if (field.equals(MANIFEST)) {
                    manifestParts.add(StreamedMultipart.text(MANIFEST, in, MAX_MANIFEST_BYTES));
                } else if (field.equals("files")) {
                    staged.addFile(fileName, in);
                } else if (field.equals("archive") && fileName != null && !fileName.isEmpty()) {
                    // a browser form sends an empty part when no archive was chosen
                    PushbackInputStream archive = new PushbackInputStream(in, 1);
                    int first = archive.read();
                    if (first >= 0) {
                        archive.unread(first);
                        archiveGiven[0] = true;
                        staged.addArchive(fileName, archive);
                    }
                }
            }, Map.of(MANIFEST, MAX_MANIFEST_BYTES));
            if (fields.containsKey(MANIFEST)) {
                manifestParts.addAll(fields.remove(MANIFEST));
            }
            if (!manifestParts.isEmpty()) {
                return registerFromManifestForm(name, version, manifestParts, fields, archiveGiven[0], staged);
            }
            String type = first(fields, "type");
            if (type == null) {
                throw new InvalidInputException("type", "'type' is required");
            }
            RegisterModelCommand command = new RegisterModelCommand(name, version, ModelType.fromWire(type),
                    first(fields, "description"), pairs("tags", fields.get("tags")),
                    pairs("properties", fields.get("properties")), VersionSource.upload());
            ModelVersionDetails created = models.register(command, staged);
            return ResponseEntity.created(URI.create(ApiPaths.base() + "/models/" + created.name() + "/versions/" + created.version()))
                    .body(created);
        } catch (MinimumRateInputStream.TooSlow e) {
            throw new UploadTooSlowException(e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MinimumRateInputStream.TooSlow slow) {
                throw new UploadTooSlowException(slow.getMessage());
            }
            throw new InvalidInputException("the upload could not be read to its end");
        } catch (IOException e) {
            // the body broke off (or a part could not be read) before the form ended
            throw new InvalidInputException("the upload could not be read to its end");
        }
    }

    /**
     * A multipart registration whose {@code manifest} part (the JSON of {@link RegisterBySourceRequest} without
     * source) lists every file, and whose {@code files} parts carry only the ones Modelyard lacks.
     */
    private ResponseEntity<ModelVersionDetails> registerFromManifestForm(String name, Integer version,
                                                                        List<String> manifestParts,
                                                                        Map<String, List<String>> fields,
                                                                        boolean archiveGiven, StagedUpload staged) {
        if (manifestParts.size() > 1) {
            throw new InvalidInputException(MANIFEST, "send one 'manifest' part");
        }
        if (archiveGiven || !fields.isEmpty()) {
            throw new InvalidInputException(MANIFEST, "with a 'manifest' part, send only 'files' parts: type, tags and "
                    + "the rest belong in the manifest's JSON");
        }
        RegisterBySourceRequest body;
        try {
            body = json.readValue(manifestParts.get(0), RegisterBySourceRequest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(MANIFEST, "the 'manifest' part is not the JSON {type, manifest: [{path, "
                    + "sha256, size}], description, tags, properties}");
        }
        if (body.type() == null || body.manifest() == null || body.source() != null) {
            throw new InvalidInputException(MANIFEST, "the 'manifest' part needs 'type' and 'manifest', and no 'source'");
        }
        RegisterModelCommand command = new RegisterModelCommand(name, version, ModelType.fromWire(body.type()),
                body.description(), body.tags(), body.properties(), VersionSource.upload());
        return created(models.registerFromManifest(command, body.manifest(), staged));
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Operation(summary = "Models, each with its latest version")
    @GetMapping
    PageResponse<ModelSummary> list(@RequestParam(required = false) String q,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) List<String> tag,
                                    @RequestParam(required = false) String archived,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size,
                                    @RequestParam(required = false) List<String> sort) {
        return PageResponse.of(models.searchModels(filter(q, type, tag, archived), PageResponse.pageable(page, size, sort)));
    }

    @Operation(summary = "One model")
    @GetMapping("/{name}")
    ModelDetails model(@PathVariable String name) {
        return models.model(name);
    }

    @Operation(summary = "Change a model's description")
    @PatchMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelDetails describeModel(@PathVariable String name, @RequestBody Map<String, String> body) {
        return models.describeModel(name, body.get("description"));
    }

    @Operation(summary = "A model's versions, newest first")
    @GetMapping("/{name}/versions")
    PageResponse<VersionSummary> versions(@PathVariable String name,
                                          @RequestParam(required = false) String q,
                                          @RequestParam(required = false) String type,
                                          @RequestParam(required = false) List<String> tag,
                                          @RequestParam(required = false) String archived,
                                          @RequestParam(required = false) Integer page,
                                          @RequestParam(required = false) Integer size,
                                          @RequestParam(required = false) List<String> sort) {
        return PageResponse.of(models.versionsOf(name, filter(q, type, tag, archived),
                PageResponse.pageable(page, size, sort)));
    }

    @Operation(summary = "One version; 'latest' names the newest active one")
    @GetMapping("/{name}/versions/{version}")
    ModelVersionDetails version(@PathVariable String name, @PathVariable String version) {
        return models.version(VersionRef.of(name, version));
    }

    @Operation(summary = "Change description and/or tags (the tags given replace all tags)")
    @PatchMapping(path = "/{name}/versions/{version}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelVersionDetails update(@PathVariable String name, @PathVariable String version,
                               @RequestBody UpdateVersionCommand body) {
        return models.update(VersionRef.of(name, version), body);
    }

    @PostMapping("/{name}/versions/{version}/archive")
    ModelVersionDetails archive(@PathVariable String name, @PathVariable String version) {
        return models.setArchived(VersionRef.of(name, version), true);
    }

    @PostMapping("/{name}/versions/{version}/restore")
    ModelVersionDetails restore(@PathVariable String name, @PathVariable String version) {
        return models.setArchived(VersionRef.of(name, version), false);
    }

    @Operation(summary = "Archive every version of a model (ADMIN)")
    @PostMapping("/{name}/archive")
    ModelDetails archiveModel(@PathVariable String name) {
        return models.setModelArchived(name, true);
    }

    @Operation(summary = "Restore every version of a model (ADMIN)")
    @PostMapping("/{name}/restore")
    ModelDetails restoreModel(@PathVariable String name) {
        return models.setModelArchived(name, false);
    }

    private static ModelFilter filter(String q, String type, List<String> tags, String archived) {
        ModelFilter filter = new ModelFilter(q, type == null ? null : ModelType.fromWire(type), List.of(),
                ArchivedFilter.fromParameter(archived));
        if (tags != null) {
            for (String t : tags) {
                ModelFilter.TagCondition c = ModelFilter.TagCondition.parse(t);
                filter = filter.withTag(c.key(), c.value());
            }
        }
        return filter;
    }

    /** Reads repeatable {@code key=value} parameters; a bare {@code key} gets an empty value. */
    private static Map<String, String> pairs(String field, List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (out.put(key, value) != null) {
                throw new InvalidInputException(field, "'" + field + "' names " + SafeText.quote(key, 80) + " twice");
            }
        }
        return out;
    }
}
