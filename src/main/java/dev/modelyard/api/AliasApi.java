package dev.modelyard.api;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.AliasChange;
import dev.modelyard.models.AliasService;
import dev.modelyard.models.ModelCatalogService;
import dev.modelyard.models.ModelNotFoundException;
import dev.modelyard.models.ModelVersionDetails;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aliases ({@code @champion}) with their history, and model-level tags. A version is also reachable as
 * {@code GET /api/v1/models/{name}/versions/@{alias}}.
 */
@RestController
@RequestMapping({"/api/v1/models", "/api/v1/workspaces/{workspace}/models"})
@Tag(name = "Models")
class AliasApi {

    private final AliasService aliases;
    private final ModelCatalogService catalog;
    private final Clock clock;

    AliasApi(AliasService aliases, ModelCatalogService catalog, Clock clock) {
        this.aliases = aliases;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** What a PUT of an alias takes. */
    record AliasTarget(Integer version) {
    }

    /** An alias as of an instant: the version (null once deleted), since when and set by whom. */
    record AliasState(String model, String alias, Integer version, Instant since, String by, Instant at) {
    }

    @Operation(summary = "A model's aliases now: alias → version")
    @GetMapping("/{name}/aliases")
    Map<String, Integer> list(@PathVariable String name) {
        return catalog.get(name).aliases();
    }

    @Operation(summary = "Every set, move and delete of the model's aliases, newest first")
    @GetMapping("/{name}/alias-history")
    List<AliasChange> history(@PathVariable String name) {
        return aliases.history(name);
    }

    @Operation(summary = "What an alias points to now, or at the instant 'at' (ISO-8601); 404 if it did not exist then")
    @GetMapping("/{name}/aliases/{alias}")
    AliasState get(@PathVariable String name, @PathVariable String alias, @RequestParam(required = false) String at) {
        Instant when = at == null ? clock.instant() : parse(at);
        AliasChange change = aliases.at(name, alias, when)
                .filter(c -> c.version() != null)
                .orElseThrow(() -> new ModelNotFoundException.TagNotFound("model '" + name + "' had no alias '" + alias
                        + "' at " + when));
        return new AliasState(change.model(), change.alias(), change.version(), change.at(), change.by(), when);
    }

    @Operation(summary = "Set or move an alias to a version (CONTRIBUTOR)")
    @PutMapping("/{name}/aliases/{alias}")
    ModelVersionDetails set(@PathVariable String name, @PathVariable String alias, @RequestBody AliasTarget body) {
        if (body == null || body.version() == null) {
            throw new InvalidInputException("version", "'version' is required");
        }
        return aliases.set(name, alias, body.version());
    }

    @Operation(summary = "Remove an alias (CONTRIBUTOR); its history stays")
    @DeleteMapping("/{name}/aliases/{alias}")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String alias) {
        aliases.delete(name, alias);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Set a model-level tag (CONTRIBUTOR)")
    @PutMapping("/{name}/tags/{key}")
    Map<String, String> setTag(@PathVariable String name, @PathVariable String key, @RequestBody Map<String, String> body) {
        catalog.setModelTag(name, key, body == null ? null : body.get("value"));
        return catalog.get(name).tags();
    }

    @Operation(summary = "Remove a model-level tag (CONTRIBUTOR)")
    @DeleteMapping("/{name}/tags/{key}")
    ResponseEntity<Void> deleteTag(@PathVariable String name, @PathVariable String key) {
        catalog.deleteModelTag(name, key);
        return ResponseEntity.noContent().build();
    }

    private static Instant parse(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("at", "'at' is an ISO-8601 instant such as 2026-11-01T10:00:00Z");
        }
    }

}
