package dev.modelyard.models;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.models.internal.AliasHistoryEntry;
import dev.modelyard.models.internal.AliasHistoryRepository;
import dev.modelyard.models.internal.ModelVersion;
import dev.modelyard.models.internal.ModelVersionRepository;
import dev.modelyard.models.internal.RegisteredModel;
import dev.modelyard.models.internal.RegisteredModelRepository;
import dev.modelyard.models.internal.RegistryQueries;
import dev.modelyard.models.internal.VersionMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's model-level life cycle beside {@link ModelService}'s registration and queries: models without
 * versions, renames, deletes, model-level tags, single version tags, stages and criteria searches. The MLflow
 * registry API is an adapter over this; its rules (names, numbering, roles) are the ones every surface has.
 */
@Service
public class ModelCatalogService {

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final RegistryQueries queries;
    private final AliasHistoryRepository aliasHistory;
    private final VersionMapper mapper;
    private final ArtifactService artifacts;
    private final Clock clock;

    ModelCatalogService(RegisteredModelRepository models, ModelVersionRepository versions, RegistryQueries queries,
                        AliasHistoryRepository aliasHistory, VersionMapper mapper, ArtifactService artifacts,
                        Clock clock) {
        this.models = models;
        this.versions = versions;
        this.queries = queries;
        this.aliasHistory = aliasHistory;
        this.mapper = mapper;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** Creates a model with no versions yet; a conflict if the name (case-insensitively) is taken. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public RegisteredModelDetails create(String name, String description, Map<String, String> tags) {
        ModelRules.requireValidName(name);
        ModelRules.requireValidDescription(description);
        Map<String, String> safeTags = tags == null ? Map.of() : tags;
        ModelRules.requireValidTags(safeTags);
        if (models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name)).isPresent()) {
            throw new ModelExistsException(name);
        }
        Instant now = clock.instant();
        RegisteredModel m = new RegisteredModel(CurrentWorkspace.id(), name, CurrentUsername.get(), now);
        if (description != null && !description.isEmpty()) {
            m.describe(description, now);
        }
        safeTags.forEach((k, v) -> m.setTag(k, v, now));
        try {
            models.saveAndFlush(m);
        } catch (DataIntegrityViolationException race) {
            throw new ModelExistsException(name);
        }
        return details(m);
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public RegisteredModelDetails get(String name) {
        return details(require(name));
    }

    /** Renames a model; its versions, tags and aliases go with it. A conflict if the new name is taken. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public RegisteredModelDetails rename(String name, String newName) {
        ModelRules.requireValidName(newName);
        RegisteredModel m = lock(name);
        Optional<RegisteredModel> other = models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(newName));
        if (other.isPresent() && !other.get().id().equals(m.id())) {
            throw new ModelExistsException(newName);
        }
        m.rename(newName, clock.instant());
        try {
            models.flush();
        } catch (DataIntegrityViolationException race) {
            throw new ModelExistsException(newName);
        }
        return details(m);
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public RegisteredModelDetails describe(String name, String description) {
        ModelRules.requireValidDescription(description);
        RegisteredModel m = require(name);
        m.describe(description, clock.instant());
        return details(m);
    }

    /** Deletes a model, all its versions and their manifests; unshared bytes go at the next cleanup. */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional
    public void delete(String name) {
        RegisteredModel m = lock(name);
        for (ModelVersion v : versions.findAllOf(m)) {
            long manifest = v.manifestId();
            versions.delete(v);
            versions.flush();
            artifacts.deleteManifest(manifest);
        }
        models.delete(m);
        models.flush();
    }

    /**
     * Deletes one version and its manifest; its number is never handed out again. Aliases that pointed at it
     * are removed, and that removal is kept in the alias history.
     */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional
    public void deleteVersion(String name, int version) {
        RegisteredModel m = lock(name);
        ModelVersion v = versions.findOne(m, version)
                .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), version)));
        Instant now = clock.instant();
        String user = CurrentUsername.get();
        m.aliases().forEach((alias, points) -> {
            if (points == version) {
                m.pointAlias(alias, null);
                aliasHistory.save(new AliasHistoryEntry(m.id(), alias, null, now, user));
            }
        });
        long manifest = v.manifestId();
        versions.delete(v);
        versions.flush();
        artifacts.deleteManifest(manifest);
        m.latestVersionsAre(versions.findLatestId(m), versions.findLatestActiveId(m));
        m.touch(now);
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void setModelTag(String name, String key, String value) {
        ModelRules.requireValidTags(Map.of(requireKey(key), requireValue(value)));
        RegisteredModel m = require(name);
        if (!m.tags().containsKey(key) && m.tags().size() >= ModelRules.MAX_TAGS) {
            throw new InvalidInputException("tags", "at most " + ModelRules.MAX_TAGS + " tags per model");
        }
        m.setTag(key, value, clock.instant());
    }

    /** Removes a model-level tag; a 404 if the model has no such tag. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void deleteModelTag(String name, String key) {
        RegisteredModel m = require(name);
        if (!m.removeTag(requireKey(key), clock.instant())) {
            throw new ModelNotFoundException.TagNotFound("model '" + m.name() + "' has no tag " + SafeText.quote(key, 80));
        }
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void setVersionTag(String name, int version, String key, String value) {
        ModelRules.requireValidTags(Map.of(requireKey(key), requireValue(value)));
        ModelVersion v = requireVersion(name, version);
        Map<String, String> after = new HashMap<>(v.tags());
        after.put(key, value);
        ModelRules.requireValidTags(after);
        v.tag(key, value, clock.instant());
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void deleteVersionTag(String name, int version, String key) {
        ModelVersion v = requireVersion(name, version);
        if (!v.untag(requireKey(key), clock.instant())) {
            throw new ModelNotFoundException.TagNotFound("version " + version + " of model '" + v.model().name()
                    + "' has no tag " + SafeText.quote(key, 80));
        }
    }

    /** Moves a version to a stage; with {@code archiveExisting}, the others in that stage move to Archived. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ModelVersionDetails transitionStage(String name, int version, Stage stage, boolean archiveExisting) {
        RegisteredModel m = lock(name);
        ModelVersion v = versions.findOne(m, version)
                .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), version)));
        Instant now = clock.instant();
        if (archiveExisting && (stage == Stage.STAGING || stage == Stage.PRODUCTION)) {
            versions.findInStage(m, stage.label()).stream().filter(o -> o.version() != version)
                    .forEach(o -> o.moveToStage(Stage.ARCHIVED.label(), now));
        }
        v.moveToStage(stage.label(), now);
        m.touch(now);
        return mapper.details(v);
    }

    /** The highest version in each of {@code stages} (all stages when empty) that has one, by stage order. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<ModelVersionDetails> latestVersions(String name, Set<Stage> stages) {
        RegisteredModel m = require(name);
        return versions.findLatestPerStage(List.of(m)).stream()
                .filter(v -> stages.isEmpty() || stages.contains(Stage.parse(v.stage())))
                .sorted(Comparator.comparing(v -> Stage.parse(v.stage())))
                .map(mapper::details).toList();
    }

    /** Models matching the search, each with its tags, aliases and latest version per stage. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<RegisteredModelDetails> searchModels(RegistrySearch search) {
        List<RegisteredModel> found = queries.models(search);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ModelVersionDetails>> latest = new HashMap<>();
        versions.findLatestPerStage(found).stream()
                .sorted(Comparator.comparing(v -> Stage.parse(v.stage())))
                .forEach(v -> latest.computeIfAbsent(v.model().id(), id -> new java.util.ArrayList<>()).add(mapper.details(v)));
        return found.stream().map(m -> details(m, latest.getOrDefault(m.id(), List.of()))).toList();
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<ModelVersionDetails> searchVersions(RegistrySearch search) {
        return queries.versions(search).stream().map(mapper::details).toList();
    }

    private RegisteredModelDetails details(RegisteredModel m) {
        List<ModelVersionDetails> latest = versions.findLatestPerStage(List.of(m)).stream()
                .sorted(Comparator.comparing(v -> Stage.parse(v.stage()))).map(mapper::details).toList();
        return details(m, latest);
    }

    private static RegisteredModelDetails details(RegisteredModel m, List<ModelVersionDetails> latest) {
        return new RegisteredModelDetails(m.name(), m.description(), m.createdAt(), m.createdBy(), m.updatedAt(),
                new TreeMap<>(m.tags()), new TreeMap<>(m.aliases()), latest);
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("key", "a tag key is required");
        }
        return key;
    }

    private static String requireValue(String value) {
        if (value == null) {
            throw new InvalidInputException("value", "a tag value is required");
        }
        return value;
    }

    private RegisteredModel require(String name) {
        return models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(requireName(name)))
                .orElseThrow(() -> ModelNotFoundException.forName(name));
    }

    private RegisteredModel lock(String name) {
        return models.findByNameKeyForUpdate(CurrentWorkspace.id(), RegisteredModel.keyOf(requireName(name)))
                .orElseThrow(() -> ModelNotFoundException.forName(name));
    }

    private ModelVersion requireVersion(String name, int version) {
        RegisteredModel m = require(name);
        return versions.findOne(m, version)
                .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), version)));
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException("name", "a model name is required");
        }
        return name;
    }
}
