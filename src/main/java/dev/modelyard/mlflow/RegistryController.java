package dev.modelyard.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.models.AliasService;
import dev.modelyard.models.ModelCatalogService;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.RegisteredModelDetails;
import dev.modelyard.models.RegistrySearch;
import dev.modelyard.models.Stage;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's model registry API 2.0 (registered-models/*, model-versions/*), translated onto the registry services.
 * Every endpoint reads its parameters from the JSON body or the query string ({@link Params}).
 */
@RestController
@RequestMapping({MlflowPaths.API, MlflowPaths.AJAX, MlflowPaths.PREVIEW, MlflowPaths.WS_API, MlflowPaths.WS_AJAX,
        MlflowPaths.WS_PREVIEW})
class RegistryController {

    static final int MODELS_DEFAULT = 100;
    static final int MODELS_MAX = 1000;
    static final int VERSIONS_DEFAULT = 10_000;
    static final int VERSIONS_MAX = 200_000;
    /** The most rows one page reads, whatever max_results asks; the page token carries on from there. */
    static final int PAGE_CAP = 10_000;

    private final ModelService models;
    private final ModelCatalogService catalog;
    private final AliasService aliases;
    private final PageTokens tokens;
    private final ObjectMapper json;

    RegistryController(ModelService models, ModelCatalogService catalog, AliasService aliases, PageTokens tokens,
                       ObjectMapper json) {
        this.models = models;
        this.catalog = catalog;
        this.aliases = aliases;
        this.tokens = tokens;
        this.json = json;
    }

    private Params params(MultiValueMap<String, String> query, String body) {
        return Params.of(json, query, body);
    }

    // ---- registered models

    @PostMapping("/registered-models/create")
    Map<String, Object> create(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        RegisteredModelDetails m = catalog.create(p.required("name"), p.optional("description"), p.tags("tags"));
        return Map.of("registered_model", Wire.RegisteredModel.of(m));
    }

    @PostMapping("/registered-models/rename")
    Map<String, Object> rename(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        return Map.of("registered_model", Wire.RegisteredModel.of(catalog.rename(p.required("name"), p.required("new_name"))));
    }

    @PatchMapping("/registered-models/update")
    Map<String, Object> update(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String name = p.required("name");
        String description = p.optional("description");
        RegisteredModelDetails m = description == null ? catalog.get(name) : catalog.describe(name, description);
        return Map.of("registered_model", Wire.RegisteredModel.of(m));
    }

    @DeleteMapping("/registered-models/delete")
    Map<String, Object> delete(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        catalog.delete(params(q, body).required("name"));
        return Map.of();
    }

    @GetMapping("/registered-models/get")
    Map<String, Object> get(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        return Map.of("registered_model", Wire.RegisteredModel.of(catalog.get(params(q, body).required("name"))));
    }

    @GetMapping("/registered-models/search")
    Map<String, Object> search(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        int max = maxResults(p, MODELS_DEFAULT, MODELS_MAX);
        String filter = p.optional("filter");
        List<String> orderBy = p.list("order_by");
        String fingerprint = "models\n" + filter + "\n" + String.join("\n", orderBy);
        List<RegistrySearch.Term> terms = SearchFilter.parse(filter, SearchFilter.Target.MODELS);
        List<RegistrySearch.Order> orders = SearchFilter.orders(orderBy, SearchFilter.Target.MODELS);
        return tokens.page("registered_models", p.optional("page_token"), fingerprint, max,
                (offset, limit) -> catalog.searchModels(new RegistrySearch(terms, orders, offset, limit)),
                Wire.RegisteredModel::of);
    }

    @RequestMapping(path = "/registered-models/get-latest-versions", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> latestVersions(@RequestParam MultiValueMap<String, String> q,
                                       @RequestBody(required = false) String body) {
        Params p = params(q, body);
        Set<Stage> stages = p.list("stages").stream().map(Stage::parse).collect(Collectors.toSet());
        List<ModelVersionDetails> latest = catalog.latestVersions(p.required("name"), stages);
        return Map.of("model_versions", latest.stream().map(Wire.ModelVersion::of).toList());
    }

    @PostMapping("/registered-models/set-tag")
    Map<String, Object> setModelTag(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        catalog.setModelTag(p.required("name"), p.required("key"), value(p));
        return Map.of();
    }

    @DeleteMapping("/registered-models/delete-tag")
    Map<String, Object> deleteModelTag(@RequestParam MultiValueMap<String, String> q,
                                       @RequestBody(required = false) String body) {
        Params p = params(q, body);
        catalog.deleteModelTag(p.required("name"), p.required("key"));
        return Map.of();
    }

    @PostMapping("/registered-models/alias")
    Map<String, Object> setAlias(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        aliases.set(p.required("name"), p.required("alias"), version(p));
        return Map.of();
    }

    @DeleteMapping("/registered-models/alias")
    Map<String, Object> deleteAlias(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        aliases.delete(p.required("name"), p.required("alias"));
        return Map.of();
    }

    @GetMapping("/registered-models/alias")
    Map<String, Object> getAlias(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        return Map.of("model_version", Wire.ModelVersion.of(aliases.resolve(p.required("name"), p.required("alias"))));
    }

    // ---- model versions

    @PostMapping("/model-versions/create")
    Map<String, Object> createVersion(@RequestParam MultiValueMap<String, String> q,
                                      @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String name = p.required("name");
        String source = p.required("source");
        catalog.get(name); // MLflow registers versions of existing models only
        RegisterModelCommand command = new RegisterModelCommand(name, null, null, p.optional("description"),
                p.tags("tags"), Map.of(), null);
        ModelVersionDetails v = models.registerFromSource(command, source, p.optional("run_id"), p.optional("run_link"));
        return Map.of("model_version", Wire.ModelVersion.of(v));
    }

    @PatchMapping("/model-versions/update")
    Map<String, Object> updateVersion(@RequestParam MultiValueMap<String, String> q,
                                      @RequestBody(required = false) String body) {
        Params p = params(q, body);
        VersionRef ref = new VersionRef(p.required("name"), version(p));
        String description = p.optional("description");
        ModelVersionDetails v = description == null ? models.version(ref)
                : models.update(ref, new UpdateVersionCommand(description, null));
        return Map.of("model_version", Wire.ModelVersion.of(v));
    }

    @PostMapping("/model-versions/transition-stage")
    Map<String, Object> transition(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String name = p.required("name");
        int version = version(p);
        Stage stage = Stage.parse(p.required("stage"));
        boolean archive = p.bool("archive_existing_versions", false);
        return Map.of("model_version", Wire.ModelVersion.of(catalog.transitionStage(name, version, stage, archive)));
    }

    @DeleteMapping("/model-versions/delete")
    Map<String, Object> deleteVersion(@RequestParam MultiValueMap<String, String> q,
                                      @RequestBody(required = false) String body) {
        Params p = params(q, body);
        catalog.deleteVersion(p.required("name"), version(p));
        return Map.of();
    }

    @GetMapping("/model-versions/get")
    Map<String, Object> getVersion(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        return Map.of("model_version", Wire.ModelVersion.of(models.version(new VersionRef(p.required("name"), version(p)))));
    }

    @GetMapping("/model-versions/search")
    Map<String, Object> searchVersions(@RequestParam MultiValueMap<String, String> q,
                                       @RequestBody(required = false) String body) {
        Params p = params(q, body);
        int max = Math.min(maxResults(p, VERSIONS_DEFAULT, VERSIONS_MAX), PAGE_CAP);
        String filter = p.optional("filter");
        List<String> orderBy = p.list("order_by");
        String fingerprint = "versions\n" + filter + "\n" + String.join("\n", orderBy);
        List<RegistrySearch.Term> terms = SearchFilter.parse(filter, SearchFilter.Target.VERSIONS);
        List<RegistrySearch.Order> orders = SearchFilter.orders(orderBy, SearchFilter.Target.VERSIONS);
        return tokens.page("model_versions", p.optional("page_token"), fingerprint, max,
                (offset, limit) -> catalog.searchVersions(new RegistrySearch(terms, orders, offset, limit)),
                Wire.ModelVersion::of);
    }

    @GetMapping("/model-versions/get-download-uri")
    Map<String, Object> downloadUri(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        ModelVersionDetails v = models.version(new VersionRef(p.required("name"), version(p)));
        return Map.of("artifact_uri", Wire.downloadUri(v.name(), v.version()));
    }

    @PostMapping("/model-versions/set-tag")
    Map<String, Object> setVersionTag(@RequestParam MultiValueMap<String, String> q,
                                      @RequestBody(required = false) String body) {
        Params p = params(q, body);
        catalog.setVersionTag(p.required("name"), version(p), p.required("key"), value(p));
        return Map.of();
    }

    @DeleteMapping("/model-versions/delete-tag")
    Map<String, Object> deleteVersionTag(@RequestParam MultiValueMap<String, String> q,
                                         @RequestBody(required = false) String body) {
        Params p = params(q, body);
        catalog.deleteVersionTag(p.required("name"), version(p), p.required("key"));
        return Map.of();
    }

    /** A tag value may be empty but must be present. */
    private static String value(Params p) {
        String v = p.optional("value");
        if (v == null) {
            throw MlflowException.invalid("Missing value for required parameter 'value'. See the API docs for more "
                    + "information about request parameters.");
        }
        return v;
    }

    private static int version(Params p) {
        String raw = p.required("version");
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw MlflowException.invalid("Invalid value '" + Wire.shown(raw) + "' for parameter 'version': "
                + "a model version is a positive integer");
    }

    private static int maxResults(Params p, int otherwise, int max) {
        Integer n = p.integer("max_results");
        if (n == null) {
            return otherwise;
        }
        if (n < 1 || n > max) {
            throw MlflowException.invalid("Invalid value for request parameter max_results. It must be at most "
                    + max + " and at least 1, but got value " + n);
        }
        return n;
    }
}
