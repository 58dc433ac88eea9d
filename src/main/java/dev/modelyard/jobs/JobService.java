package dev.modelyard.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.audit.AuditService;
import dev.modelyard.audit.AuditTargets;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.SqlLike;
import dev.modelyard.jobs.execution.CommandLine;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.jobs.internal.Experiment;
import dev.modelyard.jobs.internal.ExperimentRepository;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobNames;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.JobSecrets;
import dev.modelyard.jobs.internal.JobStore;
import dev.modelyard.jobs.internal.JobWorkspace;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.VersionSummary;
import jakarta.persistence.criteria.Predicate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import dev.modelyard.workspaces.CurrentWorkspace;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Command jobs: submit, watch, cancel, read logs and outputs, and register models from what a job left. */
@Service
public class JobService {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern EXPERIMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,254}");
    public static final String DEFAULT_EXPERIMENT = "Default";

    private final JobRepository jobs;
    private final ExperimentRepository experiments;
    private final JobStore store;
    private final JobEvents events;
    private final EnvironmentService environments;
    private final Map<String, ComputeExecutor> computes;
    private final ArtifactService artifacts;
    private final ModelService models;
    private final JobWorkspace workspace;
    private final JobsProperties properties;
    private final ModelyardProperties modelyard;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final AuditService audit;
    private final Clock clock;
    private final JobSecrets secrets;
    private final JobQueue queue;
    private final dev.modelyard.jobs.internal.JobLogMirror logMirror;

    JobService(JobRepository jobs, ExperimentRepository experiments, JobStore store, JobEvents events,
               EnvironmentService environments, List<ComputeExecutor> computes, ArtifactService artifacts,
               ModelService models, JobWorkspace workspace, JobsProperties properties, ModelyardProperties modelyard,
               TransactionTemplate transactions, ObjectMapper json, AuditService audit, Clock clock, JobSecrets secrets,
               JobQueue queue, dev.modelyard.jobs.internal.JobLogMirror logMirror) {
        this.queue = queue;
        this.logMirror = logMirror;
        this.audit = audit;
        this.secrets = secrets;
        this.jobs = jobs;
        this.experiments = experiments;
        this.store = store;
        this.events = events;
        this.environments = environments;
        this.computes = computes.stream().collect(Collectors.toMap(ComputeExecutor::name, Function.identity()));
        this.artifacts = artifacts;
        this.models = models;
        this.workspace = workspace;
        this.properties = properties;
        this.modelyard = modelyard;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** Stores the code, records the job as Queued and hands it to its compute target. The caller closes {@code code}. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails submit(SubmitJobCommand command, StagedUpload code) {
        validate(command);
        if (code.files().isEmpty()) {
            throw new InvalidInputException("code", "upload the job's code: at least one file or an archive");
        }
        StoredFiles stored = artifacts.store(code);
        return create(command, () -> artifacts.saveManifest(stored), secrets.seal(command.secretVariables()),
                "job.submitted", null);
    }

    /** Submits the same command over the same code snapshot again, as a new job. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails resubmit(String name) {
        Job old = require(name);
        if (old.isExternal()) {
            throw new InvalidInputException("name", "job '" + name + "' is an MLflow run logged from outside; it has no "
                    + "command to run again");
        }
        SubmitJobCommand again = new SubmitJobCommand(old.command(), old.environmentName() + ":" + old.environmentVersion(),
                old.compute(), old.displayName(), old.experiment().name(), old.description(), readMap(old.tagsJson()),
                readMap(old.variablesJson()), old.timeoutSeconds());
        validate(again);
        // the secrets travel sealed: they are never opened outside the runner
        return create(again, old::codeManifestId, old.secretVariables(), "job.resubmitted", old.name());
    }

    /** Creates the job and its audit entry ({@code action}) in one transaction, then queues it. */
    private JobDetails create(SubmitJobCommand command, java.util.function.LongSupplier codeManifest,
                              String sealedSecrets, String action, String resubmittedFrom) {
        EnvironmentDetails env = environments.resolve(command.environment());
        ComputeExecutor compute = compute(command.compute());
        String user = CurrentUsername.get();
        for (int attempt = 1; ; attempt++) {
            String name = JobNames.next();
            try {
                transactions.executeWithoutResult(tx -> {
                    Experiment experiment = experiment(experimentName(command), user);
                    Job job = new Job(CurrentWorkspace.id(), name, displayName(command, name), experiment, command.description(),
                            command.command(), codeManifest.getAsLong(), env.name(), env.version(), compute.name(),
                            toJson(command.environmentVariables()), toJson(command.tags()), command.timeoutSeconds(),
                            user, clock.instant());
                    job.sealSecrets(sealedSecrets);
                    jobs.saveAndFlush(job);
                    audit.record(action, AuditTargets.job(name), null, submitted(command, env, compute, resubmittedFrom));
                });
                events.publish(name, JobStatus.QUEUED);
                queue.submitted(compute, name); // the queue is the job table: a node with a free slot claims it
                return get(name);
            } catch (DataIntegrityViolationException collision) {
                // a generated name (or a new experiment) raced with another; try again with a fresh name
                if (attempt == 5) {
                    throw collision;
                }
            }
        }
    }

    private Experiment experiment(String name, String user) {
        return experiments.findByNameKey(CurrentWorkspace.id(), Experiment.keyOf(name))
                .orElseGet(() -> experiments.saveAndFlush(new Experiment(CurrentWorkspace.id(), name, user, clock.instant())));
    }

    private void validate(SubmitJobCommand c) {
        if (c.command() == null || c.command().isBlank()) {
            throw new InvalidInputException("command", "a command is required, e.g. python train.py");
        }
        CommandLine.split(c.command());
        compute(c.compute());
        environments.resolve(c.environment());
        String experiment = experimentName(c);
        if (!EXPERIMENT.matcher(experiment).matches()) {
            throw new InvalidInputException("experimentName", "an experiment name is 1–255 letters, digits, spaces, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        if (c.displayName() != null && (c.displayName().length() > 255 || c.displayName().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("displayName", "a display name is at most 255 characters without control characters");
        }
        ModelRules.requireValidDescription(c.description());
        ModelRules.requireValidTags(c.tags());
        c.secretVariables().keySet().stream().filter(c.environmentVariables()::containsKey).findFirst().ifPresent(k -> {
            throw new InvalidInputException("secretVariables", "variable " + k + " is given both as a secret and "
                    + "as a plain variable; give it once");
        });
        checkVariables("environmentVariables", c.environmentVariables());
        checkVariables("secretVariables", c.secretVariables());
        if (c.timeoutSeconds() != null && (c.timeoutSeconds() < 1 || c.timeoutSeconds() > properties.maxTimeout().toSeconds())) {
            throw new InvalidInputException("timeoutSeconds", "a timeout is between 1 and "
                    + properties.maxTimeout().toSeconds() + " seconds");
        }
    }

    private static void checkVariables(String field, Map<String, String> variables) {
        variables.forEach((k, v) -> {
            if (!VARIABLE.matcher(k).matches() || k.startsWith("MODELYARD_")) {
                throw new InvalidInputException(field, "variable name '" + k.replaceAll("\\p{Cntrl}", "?")
                        + "' is invalid: use letters, digits and '_', not starting with a digit or MODELYARD_");
            }
            if (v == null || v.length() > 5000 || v.indexOf('\0') >= 0) {
                throw new InvalidInputException(field, "variable " + k + " needs a value of at most 5000 characters");
            }
        });
    }

    private ComputeExecutor compute(String name) {
        ComputeExecutor compute = computes.get(name == null || name.isBlank() ? "local" : name);
        if (compute == null) {
            throw new InvalidInputException("compute", "unknown compute '" + String.valueOf(name).replaceAll("\\p{Cntrl}", "?")
                    + "'; known computes: " + String.join(", ", new TreeSet<>(computes.keySet())));
        }
        return compute;
    }

    private static String experimentName(SubmitJobCommand c) {
        return c.experimentName() == null || c.experimentName().isBlank() ? DEFAULT_EXPERIMENT : c.experimentName().strip();
    }

    private static String displayName(SubmitJobCommand c, String name) {
        return c.displayName() == null || c.displayName().isBlank() ? name : c.displayName().strip();
    }

    @PreAuthorize("@ws.has('READER')")
    public JobDetails get(String name) {
        return transactions.execute(tx -> details(require(name)));
    }

    /** Jobs, newest first, within the listing time budget. */
    @PreAuthorize("@ws.has('READER')")
    @org.springframework.transaction.annotation.Transactional(readOnly = true,
            timeoutString = dev.modelyard.base.QueryBudget.TIMEOUT)
    public Slice<JobSummary> list(JobFilter filter, Pageable page) {
        Pageable newestFirst = PageRequest.of(page.getPageNumber(), page.getPageSize(), Sort.by(Sort.Direction.DESC, "id"));
        return transactions.execute(tx -> jobs.findAll(spec(filter), newestFirst).map(JobService::summary));
    }

    /** Experiment names, for filters and the submit dialog. */
    @PreAuthorize("@ws.has('READER')")
    public List<String> experimentNames() {
        return transactions.execute(tx -> experiments.findAllNames(CurrentWorkspace.id()));
    }

    /** Compute targets with how busy each is. */
    @PreAuthorize("@ws.has('READER')")
    public List<ComputeTarget> computes() {
        return computes.values().stream().sorted(java.util.Comparator.comparing(ComputeExecutor::name))
                .map(c -> new ComputeTarget(c.name(), c.kind(), c.slots(), c.running(), c.queued())).toList();
    }

    /** Cancels a job: a queued one at once, a running one by SIGTERM then SIGKILL. 409 once it has ended. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails cancel(String name) {
        Job job = require(name);
        if (job.status().isTerminal()) {
            throw new ConflictException("job '" + name + "' has already ended (" + job.status().wireName() + ")");
        }
        ComputeExecutor compute = compute(job.compute());
        if (queue.withdraw(compute, name)) {
            JobStatus now = moveAudited(name, EnumSet.of(JobStatus.QUEUED), JobStatus.CANCELED, "canceled while queued");
            events.publish(name, now);
        } else {
            JobStatus now = moveAudited(name, EnumSet.of(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.RUNNING,
                    JobStatus.FINALIZING), JobStatus.CANCEL_REQUESTED, "cancel requested");
            events.publish(name, now);
            compute.cancel(name);
        }
        return get(name);
    }

    /** Moves the job for a cancel and records who canceled it, in one transaction. */
    private JobStatus moveAudited(String name, java.util.Set<JobStatus> from, JobStatus next, String reason) {
        return transactions.execute(tx -> {
            JobStore.Transition moved = store.transition(name, from, next, reason);
            if (moved.after() != moved.before()) {
                audit.record("job.canceled", AuditTargets.job(name), Map.of("status", moved.before().wireName()),
                        Map.of("status", moved.after().wireName()));
            }
            return moved.after();
        });
    }

    /** What a submission's audit entry keeps: the spec, never the code. */
    private static Map<String, Object> submitted(SubmitJobCommand command, EnvironmentDetails env,
                                                 ComputeExecutor compute, String resubmittedFrom) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("command", command.command());
        after.put("environment", env.name() + ":" + env.version());
        after.put("compute", compute.name());
        after.put("experiment", experimentName(command));
        after.put("displayName", command.displayName());
        after.put("tags", command.tags());
        if (resubmittedFrom != null) {
            after.put("resubmittedFrom", resubmittedFrom);
        }
        return after;
    }

    /**
     * Reads the job's log from {@code offset}: the live file while the job runs, the stored log once it ended.
     * An empty chunk from a job that has ended means the log is complete.
     */
    @PreAuthorize("@ws.has('READER')")
    public LogReader.LogChunk readLog(String name, long offset, int maxBytes) {
        Job job = require(name);
        Path live = workspace.logFile(name);
        if (!job.status().isTerminal() && Files.exists(live)) {
            return LogReader.read(live, offset, maxBytes);
        }
        if (!job.status().isTerminal()) {
            // another node runs it: follow the copy that node mirrors into the database (decision 021)
            LogReader.LogChunk mirrored = logMirror.read(name, offset, maxBytes);
            if (mirrored.bytes().length > 0) {
                return mirrored;
            }
        }
        Optional<ArtifactFile> stored = storedLog(name);
        if (stored.isEmpty() || offset >= stored.get().size()) {
            if (!job.status().isTerminal() && Files.exists(live)) {
                return LogReader.read(live, offset, maxBytes);
            }
            return new LogReader.LogChunk(new byte[0], offset);
        }
        ArtifactFile log = stored.get();
        int length = (int) Math.min(maxBytes, log.size() - offset);
        try (InputStream in = artifacts.open(log, offset, length)) {
            return new LogReader.LogChunk(in.readNBytes(length), offset + length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the stored log", e);
        }
    }

    private Optional<ArtifactFile> storedLog(String name) {
        return artifactsManifest(name).flatMap(id -> artifacts.file(id, JobRunner.LOG_PATH));
    }

    /** Everything the job left: outputs/** and user_logs/std_log.txt (empty until it ends). */
    @PreAuthorize("@ws.has('READER')")
    public List<ArtifactFile> outputs(String name) {
        return artifactsManifest(name).map(artifacts::files).orElse(List.of());
    }

    /** One file the job left. */
    @PreAuthorize("@ws.has('READER')")
    public ArtifactFile output(String name, String path) {
        return artifactsManifest(name).flatMap(id -> artifacts.file(id, path))
                .orElseThrow(() -> new dev.modelyard.base.NotFoundException("job '" + name + "' left no file '"
                        + path.replaceAll("\\p{Cntrl}", "?") + "'"));
    }

    private Optional<Long> artifactsManifest(String name) {
        return Optional.ofNullable(transactions.execute(tx -> require(name).artifactsManifestId()));
    }

    /** Model versions registered from this job's outputs. */
    @PreAuthorize("@ws.has('READER')")
    public List<VersionSummary> registeredModels(String name) {
        require(name);
        return models.versionsFromJob(name);
    }

    /** Registers a model version from a folder of this job's artifacts (see {@link JobOutputs}). */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerModel(String modelName, Integer version, RegisterFromJobCommand command) {
        if (command.type() == null) {
            throw new InvalidInputException("type", "a model type is required: mlflow_model, custom_model or triton_model");
        }
        return models.registerFromSource(new RegisterModelCommand(modelName, version, ModelType.fromWire(command.type()),
                command.description(), command.tags(), command.properties(), null), command.source());
    }

    /** The job by name in the current workspace: a job elsewhere is 404, exactly as one that does not exist. */
    private Job require(String name) {
        return jobs.findVisible(CurrentWorkspace.id(), name).orElseThrow(() -> new JobNotFoundException(name));
    }

    /** The variables as everyone sees them: secret values masked, never opened here. */
    private static Map<String, String> withMaskedSecrets(Map<String, String> plain, List<String> secretNames) {
        Map<String, String> shown = new java.util.TreeMap<>(plain);
        secretNames.forEach(name -> shown.put(name, SubmitJobCommand.MASK));
        return shown;
    }

    private JobDetails details(Job j) {
        List<String> secretNames = j.secretVariables() == null ? List.of()
                : new TreeSet<>(secrets.open(j.secretVariables()).keySet()).stream().toList();
        Integer position = j.status() == JobStatus.QUEUED && computes.containsKey(j.compute())
                ? queue.position(j.compute(), j.name()).stream().boxed().findFirst().orElse(null) : null;
        return new JobDetails(j.name(), j.displayName(), j.experiment().name(), j.description(), j.status(),
                j.statusReason(), j.history().stream().map(h -> new JobDetails.StatusChange(h.status(), h.at())).toList(),
                j.exitCode(), j.command(), j.environmentName() + ":" + j.environmentVersion(), j.compute(),
                withMaskedSecrets(readMap(j.variablesJson()), secretNames), j.timeoutSeconds(), studioUrl(j.name()), j.createdBy(), j.createdAt(),
                j.startedAt(), j.endedAt(), readMap(j.tagsJson()), position, notStored(j.notStoredJson()),
                j.notStoredCount(), secretNames);
    }

    private String studioUrl(String name) {
        String base = modelyard.publicUrl() == null ? "" : modelyard.publicUrl().replaceAll("/+$", "");
        return base + "/w/" + CurrentWorkspace.name() + "/jobs/" + name;
    }

    private static JobSummary summary(Job j) {
        return new JobSummary(j.name(), j.displayName(), j.experiment().name(), j.status(), j.compute(), j.createdBy(),
                j.createdAt(), j.startedAt(), j.endedAt());
    }

    private static Specification<Job> spec(JobFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(root.get("workspaceId"), CurrentWorkspace.id()));
            if (filter.experiment() != null && !filter.experiment().isBlank()) {
                where.add(cb.equal(root.join("experiment").get("nameKey"), Experiment.keyOf(filter.experiment())));
            }
            if (filter.status() != null) {
                where.add(cb.equal(root.get("status"), filter.status()));
            }
            if (filter.text() != null && !filter.text().isBlank()) {
                String like = SqlLike.containing(filter.text().toLowerCase(Locale.ROOT));
                where.add(cb.or(cb.like(cb.lower(root.get("name")), like, '\\'),
                        cb.like(cb.lower(root.get("displayName")), like, '\\')));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private List<NotStoredFile> notStored(String value) {
        if (value == null) {
            return List.of();
        }
        try {
            return json.readValue(value, new TypeReference<List<NotStoredFile>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored list of refused outputs is unreadable", e);
        }
    }

    private String toJson(Map<String, String> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> readMap(String value) {
        try {
            return json.readValue(value, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job settings are unreadable", e);
        }
    }
}
