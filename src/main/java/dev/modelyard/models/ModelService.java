package dev.modelyard.models;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.audit.AuditService;
import dev.modelyard.audit.AuditTargets;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.DeclaredFile;
import dev.modelyard.artifacts.FilePreview;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.StorageSharing;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.base.QueryBudget;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SqlLike;
import dev.modelyard.base.UniqueViolations;
import dev.modelyard.models.formats.FormatInfo;
import dev.modelyard.models.formats.ModelFileSource;
import dev.modelyard.models.formats.ModelFormats;
import dev.modelyard.models.internal.ModelVersion;
import dev.modelyard.models.internal.ModelVersionRepository;
import dev.modelyard.models.internal.RegisteredModel;
import dev.modelyard.models.internal.RegisteredModelRepository;
import dev.modelyard.models.internal.TagSelectivity;
import dev.modelyard.models.internal.VersionMapper;
import dev.modelyard.models.internal.VersionQueries;
import dev.modelyard.models.internal.VersionSpecs;
import dev.modelyard.models.internal.VersionWriter;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import dev.modelyard.search.QueryText;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The model registry: registers versions, finds them, and changes the little that may change. */
@Service
public class ModelService {

    /** Enough for a burst of concurrent first registrations of one new name to all find the row. */
    private static final int WRITE_ATTEMPTS = 10;
    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");
    /**
     * Sort keys users may name → entity paths. Names sort case-insensitively, by the key the unique index holds,
     * which lets the Models view read its pages in index order (docs/decisions/008).
     */
    private static final Map<String, String> SORTABLE = Map.of(
            "name", "model.nameKey", "version", "version", "createdAt", "createdAt",
            "updatedAt", "updatedAt", "type", "type", "createdBy", "createdBy");
    /** The last sort key of every model listing: one row per model, and the name key is unique per model. */
    private static final Sort.Order BY_MODEL = Sort.Order.asc("model.nameKey");
    /** The last sort key of every version listing. */
    private static final Sort.Order BY_VERSION_ID = Sort.Order.desc("id");

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final VersionQueries queries;
    private final TagSelectivity selectivity;
    private final VersionWriter writer;
    private final VersionMapper mapper;
    private final ArtifactService artifacts;
    private final List<ModelSourceResolver> sourceResolvers;
    private final AuditService audit;
    private final Clock clock;
    private final RegistryMetrics metrics;

    ModelService(RegisteredModelRepository models, ModelVersionRepository versions, VersionQueries queries,
                 TagSelectivity selectivity, VersionWriter writer, VersionMapper mapper, ArtifactService artifacts,
                 List<ModelSourceResolver> sourceResolvers, AuditService audit, Clock clock, RegistryMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        this.selectivity = selectivity;
        this.sourceResolvers = sourceResolvers;
        this.models = models;
        this.versions = versions;
        this.queries = queries;
        this.writer = writer;
        this.mapper = mapper;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /**
     * Validates the command and the staged files for the type, stores the files, and makes the version
     * visible in one transaction. On any failure no version exists. The caller closes {@code files}.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails register(RegisterModelCommand command, StagedUpload files) {
        return metrics.registration(command.type(), () -> registerStaged(command, files));
    }

    private ModelVersionDetails registerStaged(RegisterModelCommand command, StagedUpload files) {
        validate(command);
        if (command.version() != null) {
            failIfVersionTaken(command.name(), command.version());
        }
        // zip -r model.zip model-folder: the model is what is inside the folder (issue 13, decision 018); files
        // uploaded as themselves keep the paths their client gave them
        Optional<String> folder = files.onlyArchiveEntries()
                ? ModelFormats.wrappingFolder(files.files().stream().map(StagedFile::path).toList())
                : Optional.empty();
        ModelFileSource source = folder.map(f -> inside(f, sourceOf(files))).orElseGet(() -> sourceOf(files));
        FormatInfo format = ModelFormats.inspect(command.type(), source);
        String formatJson = mapper.formatToJson(format);
        StoredFiles stored = artifacts.store(files);
        RegisterModelCommand registered = command;
        if (folder.isPresent()) {
            stored = inside(folder.get(), stored);
            registered = new RegisterModelCommand(command.name(), command.version(), command.type(),
                    command.description(), command.tags(), command.properties(), VersionSource.uploadFrom(folder.get()));
        }
        String user = CurrentUsername.get();
        ModelVersion created = writeWithRetry(registered, stored, formatJson, user, Provenance.NONE);
        return mapper.details(created);
    }

    /**
     * Registers a version from a client's manifest (path, SHA-256, size per file) plus uploads of the files
     * Modelyard lacks ({@code uploaded}, possibly empty). Each upload must match its declared digest and size and
     * every other file must be stored already, else a 400 and nothing is stored. The caller closes {@code uploaded}.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerFromManifest(RegisterModelCommand command, List<DeclaredFile> manifest,
                                                    StagedUpload uploaded) {
        return metrics.registration(command.type(), () -> registerDeclared(command, manifest, uploaded));
    }

    private ModelVersionDetails registerDeclared(RegisterModelCommand command, List<DeclaredFile> manifest,
                                                 StagedUpload uploaded) {
        validate(command);
        if (command.version() != null) {
            failIfVersionTaken(command.name(), command.version());
        }
        List<ArtifactFile> files = artifacts.verifyManifest(manifest, uploaded);
        FormatInfo format = ModelFormats.inspect(command.type(), sourceOf(files, uploaded));
        StoredFiles stored = artifacts.storeManifest(files, uploaded);
        ModelVersion created = writeWithRetry(command, stored, mapper.formatToJson(format), CurrentUsername.get(),
                Provenance.NONE);
        return mapper.details(created);
    }

    /** Uploaded files are read from staging, the others from the store. */
    private ModelFileSource sourceOf(List<ArtifactFile> files, StagedUpload uploaded) {
        ModelFileSource stored = sourceOf(files);
        return new ModelFileSource() {
            @Override
            public List<String> paths() {
                return stored.paths();
            }

            @Override
            public long size(String path) {
                return stored.size(path);
            }

            @Override
            public InputStream open(String path) throws IOException {
                return uploaded.file(path).isPresent() ? uploaded.open(path) : stored.open(path);
            }
        };
    }

    /**
     * Registers a version from files that are stored already (a job's outputs): validates the type against
     * them, copies only the manifest, and so writes no object bytes.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerStored(RegisterModelCommand command, List<ArtifactFile> files) {
        return metrics.registration(command.type(), () -> registerStored(command, files, Provenance.NONE));
    }

    private ModelVersionDetails registerStored(RegisterModelCommand command, List<ArtifactFile> files,
                                               Provenance provenance) {
        validate(command);
        if (command.version() != null) {
            failIfVersionTaken(command.name(), command.version());
        }
        FormatInfo format = ModelFormats.inspect(command.type(), sourceOf(files));
        long bytes = files.stream().mapToLong(ArtifactFile::size).sum();
        StoredFiles stored = new StoredFiles(files, 0, bytes);
        ModelVersion created = writeWithRetry(command, stored, mapper.formatToJson(format), CurrentUsername.get(),
                provenance);
        return mapper.details(created);
    }

    /**
     * Registers a version from files Modelyard already stores, named by a reference such as
     * {@code azureml://jobs/<job>/outputs/artifacts/paths/<path>}; writes no object bytes.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerFromSource(RegisterModelCommand command, String reference) {
        return registerFromSource(command, reference, null, null);
    }

    /**
     * As {@link #registerFromSource(RegisterModelCommand, String)}, recording the run that produced the files.
     * The reference is canonicalised once ({@link SourceReference}) and that exact string is resolved and stored.
     * A null type means: {@code mlflow_model} when the files hold an MLmodel at their root, else {@code custom_model}.
     * {@code runId} defaults to the job the reference names.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerFromSource(RegisterModelCommand command, String reference, String runId,
                                                  String runLink) {
        String canonical = SourceReference.canonical(reference);
        ResolvedSource resolved = resolveCanonical(canonical);
        ModelType type = command.type() != null ? command.type()
                : resolved.files().stream().anyMatch(f -> f.path().equals("MLmodel")) ? ModelType.MLFLOW : ModelType.CUSTOM;
        String run = runId != null && !runId.isEmpty() ? runId
                : VersionSource.JOB.equals(resolved.source().kind()) ? resolved.source().job() : null;
        if (run != null && !RUN_ID.matcher(run).matches()) {
            throw new InvalidInputException("run_id", "run id " + dev.modelyard.base.SafeText.quote(run, 80)
                    + " is invalid: a run id is a job name");
        }
        if (runLink != null && (runLink.length() > 1024 || runLink.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("run_link", "a run link has at most 1024 characters and no control characters");
        }
        return registerStored(new RegisterModelCommand(command.name(), command.version(), type,
                        command.description(), command.tags(), command.properties(), resolved.source()),
                resolved.files(), new Provenance(canonical, run, runLink == null || runLink.isEmpty() ? null : runLink));
    }

    /** What a reference names, for a form to show before registering (and to suggest the type). */
    @PreAuthorize("@ws.has('READER')")
    public ResolvedSource resolveSource(String reference) {
        return resolveCanonical(SourceReference.canonical(reference));
    }

    private ResolvedSource resolveCanonical(String reference) {
        return sourceResolvers.stream().filter(r -> r.supports(reference)).findFirst()
                .orElseThrow(() -> new InvalidInputException("source", "source " + dev.modelyard.base.SafeText.quote(reference, 120)
                        + " is not a reference Modelyard understands; use azureml://jobs/<job>/outputs/artifacts/paths/<path>"
                        + ", jobs:/<job>/<path>, runs:/<run>/<path>, models:/<name>/<version> or mlflow-artifacts:/…"))
                .resolve(reference);
    }

    /** Versions whose files came from the given job, newest first. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<VersionSummary> versionsFromJob(String jobName) {
        return versions.findFromJob(CurrentWorkspace.id(), jobName).stream().map(mapper::summary).toList();
    }

    private ModelFileSource sourceOf(List<ArtifactFile> files) {
        java.util.Map<String, ArtifactFile> byPath = new java.util.HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        return new ModelFileSource() {
            @Override
            public List<String> paths() {
                return files.stream().map(ArtifactFile::path).toList();
            }

            @Override
            public long size(String path) {
                return byPath.containsKey(path) ? byPath.get(path).size() : 0;
            }

            @Override
            public InputStream open(String path) {
                ArtifactFile f = byPath.get(path);
                return f == null || f.size() == 0 ? InputStream.nullInputStream() : artifacts.open(f);
            }
        };
    }

    private ModelVersion writeWithRetry(RegisterModelCommand command, StoredFiles stored, String formatJson,
                                        String user, Provenance provenance) {
        // Another registration may create the same name (or take the same explicit number) first; the next
        // attempt locks the row it made and sees its versions.
        return UniqueViolations.retry(WRITE_ATTEMPTS, () -> writer.create(CurrentWorkspace.id(), command.name(),
                command.version(), command.type().wireName(), user,
                () -> artifacts.saveManifest(stored),
                manifestId -> new ModelVersion.VersionContent(command.description(), command.tags(),
                        command.properties(), command.source().kind(), command.source().job(),
                        command.source().path(), manifestId, stored.files().size(), stored.totalBytes(),
                        stored.bytesNew(), stored.bytesReused(), formatJson, provenance.sourceUri(),
                        provenance.runId(), provenance.runLink()),
                created -> audit.record("model.version.registered",
                        AuditTargets.version(created.model().name(), created.version()), null,
                        registered(command, stored))));
    }

    private static void validate(RegisterModelCommand command) {
        ModelRules.requireValidName(command.name());
        if (command.type() == null) {
            throw new InvalidInputException("type", "a model type is required: mlflow_model, custom_model or triton_model");
        }
        if (command.version() != null && command.version() < 1) {
            throw new InvalidInputException("version", "a version is a positive integer");
        }
        ModelRules.requireValidDescription(command.description());
        ModelRules.requireValidTags(command.tags());
        ModelRules.requireValidProperties(command.properties());
    }

    @Transactional(readOnly = true)
    void failIfVersionTaken(String name, int version) {
        models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name))
                .filter(m -> versions.exists(m, version))
                .ifPresent(m -> {
                    throw new VersionConflictException(m.name(), version);
                });
    }

    /**
     * The number the next registration of {@code name} without an explicit version will get; 0 when the model has
     * used every number up to {@link Integer#MAX_VALUE} (a registration is then refused).
     */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public int nextVersion(String name) {
        return models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name)).map(m -> m.peekNextVersion().orElse(0)).orElse(1);
    }

    /** Throws {@link dev.modelyard.search.QuerySyntaxException} saying where and what, if the query is malformed. */
    public void checkQuery(String query) {
        QueryParser.parse(query);
    }

    /** The query narrowed by one more tag condition, written the way a user would type it. */
    public String queryWithTag(String query, String key, String value) {
        return QueryText.and(query, key, value);
    }

    /**
     * Models with at least one version (in the archived filter's scope) that matches the filter, each represented
     * by its newest matching version; {@link ModelSummary#showsNewest()} tells when that is not the model's newest.
     */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true, timeoutString = QueryBudget.TIMEOUT)
    public Slice<ModelSummary> searchModels(ModelFilter filter, Pageable page) {
        return metrics.searchModels(() -> {
            Set<QueryNode> rare = selectivity.rareTerms(filter);
            Pageable sorted = mapSort(page, Sort.by(BY_MODEL), BY_MODEL);
            // a rare term's few versions are found from the tag index and sorted; only a walk needs the index order
            return queries.modelRows(queries.slice(VersionSpecs.latestPerModel(filter, rare),
                    rare.isEmpty() ? workspaceFirst(sorted) : sorted), filter.archived(), mapper);
        });
    }

    /**
     * A sort by model name led by the workspace: the same order (the query keeps to one workspace), spelled as the
     * unique (workspace, name key) index is, so the database walks that index and stops when the page is full
     * instead of reading the workspace's every model and sorting them (docs/decisions/008, 017).
     */
    private static Pageable workspaceFirst(Pageable page) {
        Sort.Order first = page.getSort().stream().findFirst().orElse(null);
        if (first == null || !first.getProperty().equals(BY_MODEL.getProperty())) {
            return page;
        }
        Sort led = Sort.by(first.getDirection(), "model.workspaceId").and(page.getSort());
        return PageRequest.of(page.getPageNumber(), page.getPageSize(), led);
    }

    /** Versions of all models that match the filter. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true, timeoutString = QueryBudget.TIMEOUT)
    public Slice<VersionSummary> searchVersions(ModelFilter filter, Pageable page) {
        return metrics.searchVersions(() -> queries.slice(VersionSpecs.matching(filter, selectivity.rareTerms(filter)),
                        mapSort(page, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(BY_MODEL)), BY_VERSION_ID))
                .map(mapper::summary));
    }

    /** The versions of one model, newest first unless sorted otherwise. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true, timeoutString = QueryBudget.TIMEOUT)
    public Slice<VersionSummary> versionsOf(String name, ModelFilter filter, Pageable page) {
        RegisteredModel model = requireModel(name);
        return queries.slice(VersionSpecs.matching(filter).and((root, q, cb) -> cb.equal(root.get("model"), model)),
                mapSort(page, Sort.by(Sort.Direction.DESC, "version"), BY_VERSION_ID)).map(mapper::summary);
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ModelDetails model(String name) {
        RegisteredModel m = requireModel(name);
        Optional<ModelVersion> latest = versions.findLatest(m);
        return new ModelDetails(m.name(), m.description(), m.createdAt(), m.createdBy(), m.updatedAt(),
                latest.map(ModelVersion::version).orElse(null),
                latest.map(v -> ModelType.fromWire(v.type())).orElse(null),
                versions.countByModel(m), latest.isEmpty(),
                latest.map(v -> mapper.summary(v).tags()).orElse(Map.of()));
    }

    /** One version; {@code ref} may name {@code latest}. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ModelVersionDetails version(VersionRef ref) {
        return mapper.details(requireVersion(ref));
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ModelVersionDetails update(VersionRef ref, UpdateVersionCommand command) {
        ModelVersion v = requireVersion(ref);
        String target = AuditTargets.version(v.model().name(), v.version());
        if (command.description() != null) {
            ModelRules.requireValidDescription(command.description());
            String old = v.description();
            v.describe(command.description(), clock.instant());
            if (!Objects.equals(old, command.description())) {
                audit.record("model.version.description.changed", target,
                        Collections.singletonMap("description", old), Map.of("description", command.description()));
            }
        }
        if (command.tags() != null) {
            ModelRules.requireValidTags(command.tags());
            Map<String, String> old = v.tags();
            v.replaceTags(command.tags(), clock.instant());
            if (!old.equals(command.tags())) {
                audit.record("model.version.tags.changed", target, Map.of("tags", old), Map.of("tags", command.tags()));
            }
        }
        return mapper.details(v);
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ModelDetails describeModel(String name, String description) {
        ModelRules.requireValidDescription(description);
        RegisteredModel m = requireModel(name);
        String old = m.description();
        m.describe(description, clock.instant());
        if (!Objects.equals(old, description)) {
            audit.record("model.description.changed", AuditTargets.model(m.name()),
                    Collections.singletonMap("description", old), Collections.singletonMap("description", description));
        }
        return model(name);
    }

    /** Archives or restores one version. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ModelVersionDetails setArchived(VersionRef ref, boolean archived) {
        RegisteredModel m = lockModel(ref.name());
        ModelVersion v = findVersion(m, ref).orElseThrow(() -> ModelNotFoundException.forVersion(ref));
        archive(v, archived);
        refreshNewestActive(m);
        return mapper.details(v);
    }

    /** Archives or restores every version of a model. */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional
    public ModelDetails setModelArchived(String name, boolean archived) {
        RegisteredModel m = lockModel(name);
        List<Integer> changed = versions.findAllOf(m).stream().filter(v -> archive(v, archived))
                .map(ModelVersion::version).sorted().toList();
        refreshNewestActive(m);
        audit.record(archived ? "model.archived" : "model.restored", AuditTargets.model(m.name()), null,
                Map.of("versions", changed));
        return model(name);
    }

    /** Archives or restores one version, with its audit entry when that changes anything; true if it did. */
    private boolean archive(ModelVersion v, boolean archived) {
        if (v.archived() == archived) {
            return false;
        }
        v.archive(archived, clock.instant());
        audit.record(archived ? "model.version.archived" : "model.version.restored",
                AuditTargets.version(v.model().name(), v.version()), Map.of("archived", !archived),
                Map.of("archived", archived));
        return true;
    }

    /** What a registration's audit entry keeps: the settings and where the files came from, not the files. */
    private static Map<String, Object> registered(RegisterModelCommand command, StoredFiles stored) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("type", command.type().wireName());
        after.put("description", command.description());
        after.put("tags", command.tags());
        after.put("properties", command.properties());
        after.put("source", command.source());
        after.put("files", stored.files().size());
        after.put("bytes", stored.totalBytes());
        return after;
    }

    /** The file manifest of a version, ordered by path. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<ArtifactFile> files(VersionRef ref) {
        return artifacts.files(requireVersion(ref).manifestId());
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ArtifactFile file(VersionRef ref, String path) {
        return artifacts.file(requireVersion(ref).manifestId(), path)
                .orElseThrow(() -> ModelNotFoundException.forFile(ref, path));
    }

    /**
     * Which of a version's bytes only it holds, which other versions (of its model, of other models) hold too, and
     * which only other stored files hold (the outputs of the job it was registered from, for one).
     */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public VersionStorage storage(VersionRef ref) {
        ModelVersion v = requireVersion(ref);
        long manifest = v.manifestId();
        StorageSharing anywhere = artifacts.sharing(manifest);
        long distinct = anywhere.uniqueBytes() + anywhere.sharedBytes();
        long anyVersion = versions.bytesSharedInWorkspace(manifest, CurrentWorkspace.id());
        long sameModel = versions.bytesSharedWithModel(manifest, v.model().id());
        long elsewhere = Math.max(0, distinct - anywhere.uniqueBytes() - anyVersion);
        return new VersionStorage(anywhere.totalBytes(), anywhere.uniqueBytes(), sameModel, anyVersion - sameModel,
                elsewhere);
    }

    /** The beginning of one file of a version as text, for previews. */
    @PreAuthorize("@ws.has('READER')")
    public FilePreview preview(VersionRef ref, String path, int maxBytes) {
        return artifacts.preview(file(ref, path), maxBytes);
    }

    /** Streams one file of a version; the caller closes the stream. */
    @PreAuthorize("@ws.has('READER')")
    public InputStream openFile(VersionRef ref, String path) {
        ArtifactFile f = file(ref, path);
        return f.size() == 0 ? InputStream.nullInputStream() : artifacts.open(f);
    }

    /** Names of models starting with {@code prefix} (case-insensitive), alphabetically. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<String> modelNames(String prefix, int limit) {
        String key = RegisteredModel.keyOf(prefix == null ? "" : prefix);
        return models.findNames(CurrentWorkspace.id(), SqlLike.startingWith(key), Limit.of(limit));
    }

    /** The model, its row locked until commit, as version registration locks it: see docs/decisions/003. */
    private RegisteredModel lockModel(String name) {
        return models.findByNameKeyForUpdate(CurrentWorkspace.id(), RegisteredModel.keyOf(name))
                .orElseThrow(() -> ModelNotFoundException.forName(name));
    }

    /** Re-reads which version is the newest active one after archiving or restoring; the caller holds the lock. */
    private void refreshNewestActive(RegisteredModel m) {
        versions.flush();
        m.newestActiveVersionIs(versions.findLatestActiveId(m));
    }

    private RegisteredModel requireModel(String name) {
        return models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name)).orElseThrow(() -> ModelNotFoundException.forName(name));
    }

    private ModelVersion requireVersion(VersionRef ref) {
        RegisteredModel m = requireModel(ref.name());
        return findVersion(m, ref).orElseThrow(() -> ModelNotFoundException.forVersion(ref));
    }

    /** The version a reference names in model {@code m}: by number, by alias, or the latest active one. */
    private Optional<ModelVersion> findVersion(RegisteredModel m, VersionRef ref) {
        if (ref.isAlias()) {
            Integer number = m.aliases().get(ref.alias());
            return number == null ? Optional.empty() : versions.findOne(m, number);
        }
        return ref.isLatest() ? versions.findLatest(m) : versions.findOne(m, ref.version());
    }

    /**
     * Maps the requested sort onto entity paths and ends it with {@code unique}, so pages never overlap; a key
     * already in the sort is not repeated (the Models view's sort by name then matches its index exactly).
     */
    private static Pageable mapSort(Pageable page, Sort fallback, Sort.Order unique) {
        Sort requested = page.getSort();
        Sort mapped = Sort.unsorted();
        if (requested.isUnsorted()) {
            mapped = fallback;
        }
        for (Sort.Order order : requested) {
            String property = SORTABLE.get(order.getProperty());
            if (property == null) {
                throw new InvalidInputException("sort", "cannot sort by '" + order.getProperty() + "'; use one of "
                        + String.join(", ", new java.util.TreeSet<>(SORTABLE.keySet())));
            }
            mapped = mapped.and(Sort.by(order.getDirection(), property));
        }
        if (mapped.getOrderFor(unique.getProperty()) == null) {
            mapped = mapped.and(Sort.by(unique));
        }
        return PageRequest.of(page.getPageNumber(), page.getPageSize(), mapped);
    }

    /** The files below {@code folder}, with paths relative to it; every file is below it. */
    private static ModelFileSource inside(String folder, ModelFileSource files) {
        String prefix = folder + "/";
        return new ModelFileSource() {
            @Override
            public List<String> paths() {
                return files.paths().stream().map(p -> p.substring(prefix.length())).toList();
            }

            @Override
            public long size(String path) {
                return files.size(prefix + path);
            }

            @Override
            public InputStream open(String path) throws IOException {
                return files.open(prefix + path);
            }
        };
    }

    private static StoredFiles inside(String folder, StoredFiles stored) {
        int cut = folder.length() + 1;
        return new StoredFiles(stored.files().stream()
                .map(f -> new ArtifactFile(f.path().substring(cut), f.size(), f.sha256(), f.mediaType())).toList(),
                stored.bytesNew(), stored.bytesReused());
    }

    /** Adapts staged files to what the format readers read. */
    private static ModelFileSource sourceOf(StagedUpload files) {
        return new ModelFileSource() {
            @Override
            public List<String> paths() {
                return files.files().stream().map(f -> f.path()).toList();
            }

            @Override
            public long size(String path) {
                return files.file(path).map(f -> f.size()).orElse(0L);
            }

            @Override
            public InputStream open(String path) throws IOException {
                return files.open(path);
            }
        };
    }
}
