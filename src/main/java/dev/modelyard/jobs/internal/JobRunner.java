package dev.modelyard.jobs.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.jobs.EnvironmentBuildService;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.execution.CommandLine;
import dev.modelyard.jobs.execution.JobProcesses;
import dev.modelyard.jobs.execution.LocalProcessRunner;
import dev.modelyard.jobs.execution.ProcessOutcome;
import dev.modelyard.jobs.execution.ProcessSpec;
import dev.modelyard.jobs.execution.ProgramResolver;
import dev.modelyard.jobs.execution.RunningProcess;
import dev.modelyard.security.JobToken;
import dev.modelyard.security.TokenService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one job from Preparing to its end on the calling thread: materialise the code in a private folder,
 * start the command (split by our tokenizer, never a shell) in its environment, wait, store what it left.
 * The job's access token is issued just before its process starts and revoked as soon as the process has ended,
 * before the job's end is recorded; its secret exists only in this method and in the process's environment.
 */
@Component
public class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    public static final String LOG_PATH = "user_logs/std_log.txt";
    /** How long the leftovers of a run may take to die after SIGKILL before we give up and log it. */
    private static final Duration LEFTOVER_KILL_LIMIT = Duration.ofSeconds(10);

    private final JobStore store;
    private final JobEvents events;
    private final ArtifactService artifacts;
    private final EnvironmentService environments;
    private final JobWorkspace workspace;
    private final JobsProperties properties;
    private final ObjectMapper json;
    private final TokenService tokens;
    private final JobFilesCollector collector;
    private final JobSecrets secrets;
    private final LocalProcessRunner processes = new LocalProcessRunner();
    private EnvironmentBuildService environmentBuilds;
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JobRunner(JobStore store, JobEvents events, ArtifactService artifacts, EnvironmentService environments,
              JobWorkspace workspace, JobsProperties properties, ObjectMapper json, TokenService tokens,
              JobFilesCollector collector, JobSecrets secrets) {
        this.collector = collector;
        this.secrets = secrets;
        this.store = store;
        this.events = events;
        this.artifacts = artifacts;
        this.environments = environments;
        this.workspace = workspace;
        this.properties = properties;
        this.json = json;
        this.tokens = tokens;
    }

    /** Setter injection keeps the constructor as other work on the runner has it (issue 15). */
    @org.springframework.beans.factory.annotation.Autowired
    void setEnvironmentBuilds(EnvironmentBuildService environmentBuilds) {
        this.environmentBuilds = environmentBuilds;
    }

    /** Runs the job if it is still Queued; {@code started} learns the process so it can be canceled. */
    public void run(String name, Consumer<RunningProcess> started) {
        run(name, started, Launch.LOCAL);
    }

    /**
     * How the job's process is started on this host: as itself ({@link #LOCAL}), or wrapped in a driver that runs it
     * on a cluster (Ray). Everything else (token, folder, log, timeout, cancel, storing what it left) stays the same.
     */
    public interface Launch {

        Launch LOCAL = (name, job) -> job;

        /** The process to start here for the job's own {@code job} process. */
        ProcessSpec wrap(String name, ProcessSpec job) throws IOException;

        /** Why a launch that exited with a non-zero code failed, when the launcher knows better than the code. */
        default java.util.Optional<String> failure(String name, ProcessOutcome outcome) {
            return java.util.Optional.empty();
        }
    }

    /** As {@link #run(String, Consumer)}, with the process started through {@code launch}. */
    public void run(String name, Consumer<RunningProcess> started, Launch launch) {
        if (move(name, EnumSet.of(JobStatus.QUEUED), JobStatus.PREPARING) != JobStatus.PREPARING) {
            return;
        }
        running.add(name);
        try {
            runClaimed(name, started, launch);
        } finally {
            running.remove(name);
        }
    }

    /** The jobs this node is running now (for fencing: a job another node took over must stop here). */
    public java.util.Set<String> running() {
        return java.util.Set.copyOf(running);
    }

    private void runClaimed(String name, Consumer<RunningProcess> started, Launch launch) {
        Path log = workspace.logFile(name);
        Path work = workspace.workDir(name);
        JobToken token = null;
        String runId = null;
        try {
            runId = store.beginRun(name);
            JobStore.RunSpec spec = store.runSpec(name);
            workspace.create(name);
            EnvironmentDetails env = environments.resolveIn(spec.workspaceId(), spec.environment());
            // a built environment (issue 15): wait for its build, Preparing, and hold it while the job runs
            env = environmentBuilds.awaitReady(spec.workspaceId(), spec.id(), env, line -> appendToLog(log, line),
                    () -> store.status(name).orElse(JobStatus.CANCELED) == JobStatus.PREPARING);
            materialise(spec.codeManifestId(), work);
            Duration timeout = spec.timeoutSeconds() == null ? properties.defaultTimeout()
                    : Duration.ofSeconds(spec.timeoutSeconds());
            token = tokens.issueForJob(spec.id(), spec.name(), spec.createdBy(), spec.workspaceId(),
                    timeout.plus(properties.killGrace())).orElse(null);
            if (token == null) {
                LOG.warn("Job {} runs without MODELYARD_TOKEN: its user {} no longer exists", name, spec.createdBy());
            }
            ProcessSpec process = launch.wrap(name,
                    processSpec(spec, env, work, runId, timeout, token == null ? null : token.secret()));
            if (move(name, EnumSet.of(JobStatus.PREPARING), JobStatus.RUNNING) != JobStatus.RUNNING) {
                revoke(name, token);
                end(name, work, log, JobStatus.CANCELED, "canceled before it started", null);
                return;
            }
            RunningProcess running = processes.start(process, log);
            started.accept(running);
            if (store.status(name).orElse(JobStatus.CANCELED) != JobStatus.RUNNING) {
                // a cancel (or a settling that ended the job) arrived between the move and the registration above
                running.cancel();
            }
            ProcessOutcome outcome = running.await();
            revoke(name, token); // the process is gone: nothing may act with its token any more
            stopLeftovers(name, runId);
            move(name, EnumSet.of(JobStatus.RUNNING), JobStatus.FINALIZING);
            switch (outcome.reason()) {
                case EXITED -> end(name, work, log, outcome.exitCode() == 0 ? JobStatus.COMPLETED : JobStatus.FAILED,
                        outcome.exitCode() == 0 ? null : launch.failure(name, outcome)
                                .orElse("exited with code " + outcome.exitCode()), outcome.exitCode());
                case CANCELED -> end(name, work, log, JobStatus.CANCELED, "canceled", outcome.exitCode());
                case TIMED_OUT -> end(name, work, log, JobStatus.FAILED, outcome.message(), outcome.exitCode());
                case FAILED_TO_START -> end(name, work, log, JobStatus.FAILED, outcome.message(), null);
            }
        } catch (InvalidInputException e) {
            revoke(name, token);
            appendToLog(log, "Modelyard: " + e.getMessage());
            end(name, work, log, JobStatus.FAILED, e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            revoke(name, token);
            stopLeftovers(name, runId);
            end(name, work, log, JobStatus.FAILED, "Modelyard stopped while the job was running", null);
        } catch (RuntimeException | IOException e) {
            LOG.error("Job {} failed inside Modelyard", name, e);
            revoke(name, token);
            stopLeftovers(name, runId);
            appendToLog(log, "Modelyard: the job could not be run: " + e.getClass().getSimpleName());
            end(name, work, log, JobStatus.FAILED, "internal error: " + e.getClass().getSimpleName(), null);
        } finally {
            revoke(name, token); // again, for an Error; revoking twice changes nothing
        }
    }

    /** Never throws: a token that cannot be revoked now still expires with the job's timeout. */
    private void revoke(String name, JobToken token) {
        if (token == null) {
            return;
        }
        try {
            tokens.revokeJobToken(token.id());
        } catch (RuntimeException e) {
            LOG.error("Could not revoke the token of job {}; it expires with the job's timeout", name, e);
        }
    }


    /**
     * Kills every process the run left behind (children in the background, with or without setsid), before its
     * files are read, so nothing can change them while they are stored. See {@link JobProcesses}.
     */
    public void stopLeftovers(String name, String runId) {
        if (runId == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            int killed = JobProcesses.killAll(runId, LEFTOVER_KILL_LIMIT);
            if (killed > 0) {
                LOG.info("Stopped {} process(es) job {} left running", killed, name);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ProcessSpec processSpec(JobStore.RunSpec spec, EnvironmentDetails env, Path work, String runId,
                                    Duration timeout, String token) throws IOException {
        List<String> argv = new ArrayList<>(CommandLine.split(spec.command()));
        Map<String, Path> aliases = new HashMap<>();
        env.spec().aliases().forEach(a -> aliases.put(a, Path.of(env.spec().interpreter())));
        List<Path> path = env.spec().path().stream().map(Path::of).toList();
        argv.set(0, ProgramResolver.resolve(argv.get(0), aliases, path, work).toString());

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PATH", String.join(":", env.spec().path()));
        variables.put("HOME", work.toString());
        variables.put("TMPDIR", workspace.tmpDir(spec.name()).toString());
        variables.putAll(env.spec().variables());
        variables.putAll(json.readValue(spec.variablesJson(), new TypeReference<Map<String, String>>() { }));
        variables.putAll(secrets.open(spec.sealedSecrets()));
        variables.put("MODELYARD_JOB_NAME", spec.name());
        variables.put(JobProcesses.MARKER, runId);
        variables.put("MODELYARD_OUTPUTS_DIR", work.resolve("outputs").toString());
        variables.put("MLFLOW_TRACKING_URI", workspace.trackingUri(spec.workspaceName()));
        // over the self-signed certificate: MLflow's client trusts this CA for the tracking server only (decision 020)
        workspace.trustedCa().ifPresent(ca -> {
            variables.put("MLFLOW_TRACKING_SERVER_CERT_PATH", ca.toString());
            variables.put("MODELYARD_CA_BUNDLE", ca.toString());
        });
        // a job is an MLflow run: mlflow.start_run() inside it attaches to this job (issue 9)
        variables.put("MLFLOW_RUN_ID", spec.name());
        variables.put("MLFLOW_EXPERIMENT_NAME", spec.experimentName());
        // the job calls Modelyard (and MLflow clients call its tracking API) as its user, never with a password;
        // set last, so a variable of the same name from the submitter cannot replace it
        if (token != null) {
            variables.put("MODELYARD_TOKEN", token);
            variables.put("MLFLOW_TRACKING_TOKEN", token);
        } else {
            variables.remove("MLFLOW_TRACKING_TOKEN");
        }
        return new ProcessSpec(argv, work, variables, timeout, properties.killGrace(), workspace.runAs().orElse(null));
    }

    private void materialise(long codeManifestId, Path work) throws IOException {
        for (ArtifactFile file : artifacts.files(codeManifestId)) {
            // manifest paths passed UploadPaths when the code was uploaded: relative, no '..', no links
            Path target = work.resolve(file.path()).normalize();
            if (!target.startsWith(work)) {
                throw new IllegalStateException("a code path escapes the working folder");
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = file.size() == 0 ? InputStream.nullInputStream() : artifacts.open(file)) {
                Files.copy(in, target);
            }
        }
        Files.createDirectories(work.resolve("outputs"));
    }

    /**
     * Stores the log and every output that can be stored, lists the rest by name, then ends the job; never throws.
     * Public for the start-up settling of jobs a crash interrupted, whose partial log and outputs are kept too.
     */
    public JobStatus end(String name, Path work, Path log, JobStatus end, String reason, Integer exitCode) {
        JobFilesCollector.Collected collected = null;
        JobStatus status = end;
        String why = reason;
        try {
            collected = collector.collect(name);
            if (collected.notStoredCount() > 0) {
                why = withNotStored(end, reason, collected.notStoredCount());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Storing the outputs of job {} failed", name, e);
            status = JobStatus.FAILED;
            why = "its outputs could not be stored";
        }
        JobStatus finalStatus = status;
        try {
            finalStatus = store.finish(name, status, why, exitCode, collected == null ? null : collected.stored(),
                    collected == null ? List.of() : collected.notStored(), collected == null ? 0 : collected.notStoredCount());
            events.publish(name, finalStatus);
        } catch (RuntimeException e) {
            LOG.error("Could not record the end of job {}", name, e);
        } finally {
            workspace.delete(name);
        }
        return finalStatus;
    }

    /** "Completed with 2 outputs not stored"; a failure keeps its own reason first. */
    static String withNotStored(JobStatus end, String reason, int count) {
        String notStored = count + (count == 1 ? " output" : " outputs") + " not stored";
        if (end == JobStatus.COMPLETED || reason == null) {
            return "Completed with " + notStored;
        }
        return reason + "; " + notStored;
    }

    private JobStatus move(String name, EnumSet<JobStatus> from, JobStatus next) {
        JobStatus now = store.move(name, from, next, null);
        if (now == next) {
            events.publish(name, next);
        }
        return now;
    }

    private static void appendToLog(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the status reason carries the same message
        }
    }
}
