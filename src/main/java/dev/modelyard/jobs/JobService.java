package dev.modelyard.jobs;

import dev.modelyard.base.JsonMaps;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.audit.AuditService;
import dev.modelyard.audit.AuditTargets;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.UniqueViolations;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.jobs.execution.CommandLine;
import dev.modelyard.jobs.internal.Experiment;
import dev.modelyard.jobs.internal.ExperimentRepository;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobNames;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.jobs.internal.JobSecrets;
import dev.modelyard.jobs.internal.JobStore;
import dev.modelyard.models.ModelRules;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import dev.modelyard.workspaces.CurrentWorkspace;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Command jobs: submit, resubmit and cancel. Reading them is {@link JobQueryService}, their logs {@link JobLogService},
 * what they left and the models registered from it {@link JobOutputService}.
 */
@Service
public class JobService {

    /** Tries for a job name no other job took meanwhile; generated names collide rarely. */
    private static final int NAME_ATTEMPTS = 5;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
    private static final Pattern EXPERIMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,254}");
    public static final String DEFAULT_EXPERIMENT = "Default";

    private final JobRepository jobs;
    private final ExperimentRepository experiments;
    private final JobStore store;
    private final JobEvents events;
    private final EnvironmentService environments;
    private final ComputeRegistry computes;
    private final ArtifactService artifacts;
    private final JobLookup lookup;
    private final JobQueryService queries;
    private final JobsProperties properties;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final AuditService audit;
    private final Clock clock;
    private final JobSecrets secrets;
    private final JobQueue queue;

    JobService(JobRepository jobs, ExperimentRepository experiments, JobStore store, JobEvents events,
               EnvironmentService environments, ComputeRegistry computes, ArtifactService artifacts,
               JobLookup lookup, JobQueryService queries, JobsProperties properties,
               TransactionTemplate transactions, ObjectMapper json, AuditService audit, Clock clock, JobSecrets secrets,
               JobQueue queue) {
        this.queue = queue;
        this.audit = audit;
        this.secrets = secrets;
        this.jobs = jobs;
        this.experiments = experiments;
        this.store = store;
        this.events = events;
        this.environments = environments;
        this.computes = computes;
        this.artifacts = artifacts;
        this.lookup = lookup;
        this.queries = queries;
        this.properties = properties;
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
                "job.submitted", null, null);
    }

    /**
     * Submits a job under the name its client chose (Azure ML's PUT jobs/{name}) over code already in storage (the
     * files of a code asset, looked up after the spec is validated: nothing is uploaded again). 409 when the name is taken.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails submitNamed(String name, SubmitJobCommand command, java.util.function.Supplier<List<ArtifactFile>> codeFiles) {
        if (name == null || !CLIENT_NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "a job name is 1–255 letters, digits, '_' or '-', starting with a "
                    + "letter or digit");
        }
        validate(command);
        // the code is looked up once the spec holds: an unknown environment is reported before a missing code asset
        List<ArtifactFile> code = codeFiles.get();
        if (code.isEmpty()) {
            throw new InvalidInputException("code", "the job's code snapshot holds no file");
        }
        if (jobs.existsByName(name)) {
            throw new ConflictException("a job named '" + name + "' exists already");
        }
        StoredFiles stored = new StoredFiles(code, 0, code.stream().mapToLong(ArtifactFile::size).sum());
        return create(command, () -> artifacts.saveManifest(stored), secrets.seal(command.secretVariables()),
                "job.submitted", null, name);
    }

    /** Submits the same command over the same code snapshot again, as a new job. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails resubmit(String name) {
        Job old = lookup.require(name);
        if (old.isExternal()) {
            throw new InvalidInputException("name", "job '" + name + "' is an MLflow run logged from outside; it has no "
                    + "command to run again");
        }
        SubmitJobCommand again = new SubmitJobCommand(old.command(), old.environmentName() + ":" + old.environmentVersion(),
                old.compute(), old.displayName(), old.experiment().name(), old.description(),
                JsonMaps.read(json, old.tagsJson(), "stored job settings"),
                JsonMaps.read(json, old.variablesJson(), "stored job settings"), old.timeoutSeconds());
        validate(again);
        // the secrets travel sealed: they are never opened outside the runner
        return create(again, old::codeManifestId, old.secretVariables(), "job.resubmitted", old.name(), null);
    }

    /** Creates the job and its audit entry ({@code action}) in one transaction, then queues it. */
    private JobDetails create(SubmitJobCommand command, java.util.function.LongSupplier codeManifest,
                              String sealedSecrets, String action, String resubmittedFrom, String fixedName) {
        EnvironmentDetails env = environments.resolve(command.environment());
        ComputeExecutor compute = compute(command.compute());
        String user = CurrentUsername.get();
        // a generated name (or a new experiment) may race with another's; the retry draws a fresh name.
        // A client-chosen name (Azure ML's PUT jobs/{name}) is tried once: taken means 409.
        try {
            return UniqueViolations.retry(fixedName != null ? 1 : NAME_ATTEMPTS, () -> {
                String name = fixedName != null ? fixedName : JobNames.next();
                transactions.executeWithoutResult(tx -> {
                    Experiment experiment = experiment(experimentName(command), user);
                    Job job = new Job(CurrentWorkspace.id(), name, displayName(command, name), experiment, command.description(),
                            command.command(), codeManifest.getAsLong(), env.name(), env.version(), compute.name(),
                            JsonMaps.write(json, command.environmentVariables()), JsonMaps.write(json, command.tags()),
                            command.timeoutSeconds(),
                            user, clock.instant());
                    job.sealSecrets(sealedSecrets);
                    job.queueIn(queue.partition());
                    jobs.saveAndFlush(job);
                    audit.record(action, AuditTargets.job(name), null, submitted(command, env, compute, resubmittedFrom));
                });
                events.publish(name, JobStatus.QUEUED);
                // the queue is the job table: a node with a free slot on the target claims it (decision 021)
                queue.submitted(CurrentWorkspace.id(), compute, name);
                return queries.get(name);
            });
        } catch (DataIntegrityViolationException collision) {
            if (fixedName != null && jobs.existsByName(fixedName)) {
                throw new ConflictException("a job named '" + fixedName + "' exists already");
            }
            throw collision;
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
        // the workspace's own targets and the built-in ones (decision 020)
        return computes.find(CurrentWorkspace.id(), name == null || name.isBlank() ? "local" : name)
                .orElseThrow(() -> new InvalidInputException("compute", "unknown compute '"
                        + String.valueOf(name).replaceAll("\\p{Cntrl}", "?") + "'; known computes: "
                        + computes.all(CurrentWorkspace.id()).stream().map(ComputeExecutor::name)
                        .collect(Collectors.joining(", "))));
    }

    private static String experimentName(SubmitJobCommand c) {
        return c.experimentName() == null || c.experimentName().isBlank() ? DEFAULT_EXPERIMENT : c.experimentName().strip();
    }

    private static String displayName(SubmitJobCommand c, String name) {
        return c.displayName() == null || c.displayName().isBlank() ? name : c.displayName().strip();
    }

    /** Cancels a job: a queued one at once, a running one by SIGTERM then SIGKILL. 409 once it has ended. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public JobDetails cancel(String name) {
        Job job = lookup.require(name);
        if (job.status().isTerminal()) {
            throw new ConflictException("job '" + name + "' has already ended (" + job.status().wireName() + ")");
        }
        ComputeExecutor compute = compute(job.compute());
        if (queue.withdraw(compute, name)) {
            JobStatus now = moveAudited(name, EnumSet.of(JobStatus.QUEUED), JobStatus.CANCELED, "canceled while queued");
            if (now == JobStatus.CANCELED) {
                events.publish(name, now);
                return queries.get(name);
            }
            // a node claimed it between the two steps and started it: cancel it where it now runs (before, the
            // cancel was silently lost and the job ran on)
        }
        JobStatus now = moveAudited(name, EnumSet.of(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.RUNNING,
                JobStatus.FINALIZING), JobStatus.CANCEL_REQUESTED, "cancel requested");
        events.publish(name, now);
        compute.cancel(name);
        return queries.get(name);
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
}
