package dev.modelyard.jobs;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.ExperimentDetails;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.internal.Experiment;
import dev.modelyard.jobs.internal.ExperimentRepository;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobNames;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.jobs.internal.RunMetric;
import dev.modelyard.jobs.internal.RunInput;
import dev.modelyard.jobs.internal.RunInputRepository;
import dev.modelyard.jobs.internal.RunMetricRepository;
import dev.modelyard.jobs.internal.RunMetricWriter;
import dev.modelyard.jobs.RunRecords.DatasetInput;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs seen as MLflow runs, and experiments as MLflow sees them: what a training script logs (params, metrics,
 * tags) against its job, and runs started from outside, which are jobs with no command on the compute target
 * {@code external}. MLflow's limits are checked here, so every surface answers them alike.
 */
@Service
public class RunService {

    public static final String EXTERNAL = "external";
    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";
    public static final int MAX_BATCH_METRICS = 1000;
    public static final int MAX_BATCH_PARAMS = 100;
    public static final int MAX_BATCH_TAGS = 100;
    public static final int MAX_BATCH_TOTAL = 1000;
    public static final int MAX_KEY = 250;
    public static final int MAX_PARAM_VALUE = 6000;
    public static final int MAX_TAG_VALUE = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE = 5000;
    public static final int MAX_DATASET_NAME = 500;
    public static final int MAX_DATASET_DIGEST = 36;
    public static final int MAX_DATASET_SOURCE_TYPE = 36;
    public static final int MAX_DATASET_SOURCE = 65_535;
    public static final int MAX_DATASET_SCHEMA = 1_048_575;
    public static final int MAX_DATASET_PROFILE = 16_777_215;
    public static final int MAX_INPUT_TAG_KEY = 255;
    public static final int MAX_INPUT_TAG_VALUE = 500;
    /** MLflow's default experiment, id "0" on its wire. */
    public static final String DEFAULT_EXPERIMENT = "Default";

    private final JobRepository jobs;
    private final ExperimentRepository experiments;
    private final RunMetricRepository metrics;
    private final ArtifactService artifacts;
    private final JobEvents events;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final RunMetricWriter writer;
    private final RunDetailsReader reader;
    private final RunInputRepository inputs;

    RunService(JobRepository jobs, ExperimentRepository experiments, RunMetricRepository metrics,
               ArtifactService artifacts, JobEvents events, Clock clock,
               org.springframework.transaction.support.TransactionTemplate transactions, RunMetricWriter writer,
               RunDetailsReader reader, RunInputRepository inputs) {
        this.transactions = transactions;
        this.writer = writer;
        this.reader = reader;
        this.inputs = inputs;
        this.jobs = jobs;
        this.experiments = experiments;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.events = events;
        this.clock = clock;
    }

    // ---- experiments

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ExperimentDetails createExperiment(String name, Map<String, String> tags) {
        requireExperimentName(name);
        if (experiments.findByNameKey(CurrentWorkspace.id(), Experiment.keyOf(name)).isPresent()) {
            throw new ExperimentExistsException(name);
        }
        Experiment e = new Experiment(CurrentWorkspace.id(), name, CurrentUsername.get(), clock.instant());
        (tags == null ? Map.<String, String>of() : tags).forEach((k, v) -> {
            requireKeyValue("tag", k, v, MAX_EXPERIMENT_TAG_VALUE);
            e.tags().put(k, v);
        });
        try {
            experiments.saveAndFlush(e);
        } catch (DataIntegrityViolationException race) {
            throw new ExperimentExistsException(name);
        }
        return details(e);
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ExperimentDetails experiment(long id) {
        return details(requireExperiment(id));
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ExperimentDetails experimentByName(String name) {
        return experiments.findByNameKey(CurrentWorkspace.id(), Experiment.keyOf(name == null ? "" : name)).map(RunService::details)
                .orElseThrow(() -> new NotFoundException("experiment " + SafeText.quote(name, 80) + " does not exist"));
    }

    /** MLflow's default experiment ("0"), created on first use. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional
    public ExperimentDetails defaultExperiment() {
        return details(experiments.findByNameKey(CurrentWorkspace.id(), Experiment.keyOf(DEFAULT_EXPERIMENT)).orElseGet(() ->
                experiments.saveAndFlush(new Experiment(CurrentWorkspace.id(), DEFAULT_EXPERIMENT, "system", clock.instant()))));
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void renameExperiment(long id, String newName) {
        requireExperimentName(newName);
        Experiment e = requireExperiment(id);
        experiments.findByNameKey(CurrentWorkspace.id(), Experiment.keyOf(newName)).filter(o -> !o.id().equals(e.id())).ifPresent(o -> {
            throw new ExperimentExistsException(newName);
        });
        e.rename(newName);
        e.touch(clock.instant());
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void setExperimentLifecycle(long id, boolean deleted) {
        Experiment e = requireExperiment(id);
        e.lifecycle(deleted ? DELETED : ACTIVE);
        e.touch(clock.instant());
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void setExperimentTag(long id, String key, String value) {
        requireKeyValue("tag", key, value, MAX_EXPERIMENT_TAG_VALUE);
        Experiment e = requireExperiment(id);
        e.tags().put(key, value);
        e.touch(clock.instant());
    }

    // ---- runs

    /** Starts a run from outside: a job with no command, Running until its client ends it. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public RunDetails createRun(CreateRunCommand command) {
        Experiment e = requireExperiment(command.experimentId());
        if (DELETED.equals(e.lifecycleStage())) {
            throw new InvalidInputException("experiment_id", "experiment " + e.id() + " is deleted; restore it first");
        }
        Map<String, String> tags = command.tags() == null ? Map.of() : command.tags();
        requireBatch(List.of(), Map.of(), tags);
        String name = JobNames.next();
        String runName = command.runName() == null || command.runName().isBlank() ? name : command.runName();
        if (runName.length() > 255 || runName.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("run_name", "a run name has at most 255 characters and no control characters");
        }
        Instant now = clock.instant();
        long codeManifest = artifacts.saveManifest(new StoredFiles(List.of(), 0, 0));
        Job job = new Job(CurrentWorkspace.id(), name, runName, e, null, null, codeManifest, "none", 0, EXTERNAL, "{}", "{}", null,
                CurrentUsername.get(), now);
        job.moveTo(JobStatus.RUNNING, null, now);
        if (command.startTime() != null) {
            job.startAt(command.startTime());
        }
        job.runTags().putAll(tags);
        jobs.saveAndFlush(job);
        events.publish(name, JobStatus.RUNNING);
        return details(job);
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public RunDetails run(String runId) {
        return details(requireRun(runId));
    }

    /**
     * Ends or renames a run. Only runs started from outside take a status from their client; a job Modelyard runs
     * keeps the status its process gives it.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public RunDetails updateRun(String runId, JobStatus status, Instant endTime, String runName) {
        Job job = lock(runId);
        if (runName != null && !runName.isBlank()) {
            job.rename(runName);
        }
        if (status != null && job.isExternal() && status != job.status() && !job.status().isTerminal()) {
            job.moveTo(status, null, clock.instant());
            if (endTime != null && status.isTerminal()) {
                job.endAt(endTime);
            }
            events.publish(job.name(), status);
        }
        return details(job);
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void setRunLifecycle(String runId, boolean deleted) {
        lock(runId).lifecycle(deleted ? DELETED : ACTIVE);
    }

    /**
     * Logs metrics, params and tags in one transaction, all or nothing, within MLflow's limits (1000 metrics, 100
     * params, 100 tags, 1000 in all). A param once logged keeps its value: logging another is refused.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void logBatch(String runId, List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {
        requireBatch(points, params, tags);
        Job job = lock(runId);
        if (DELETED.equals(job.lifecycleStage())) {
            throw new InvalidInputException("run_id", "run '" + runId + "' is deleted; restore it first");
        }
        params.forEach((k, v) -> {
            String before = job.params().get(k);
            if (before != null && !before.equals(v)) {
                throw new InvalidInputException("params", "Changing param values is not allowed. Param with key='" + k
                        + "' was already logged with value='" + SafeText.quote(before, 80).replace("'", "")
                        + "' for run ID='" + runId + "'. Attempted logging new value '" + SafeText.quote(v, 80).replace("'", "") + "'.");
            }
        });
        job.params().putAll(params);
        job.runTags().putAll(tags);
        writer.write(job.id(), points.stream()
                .map(p -> new RunMetricWriter.Point(p.key(), p.value(), p.timestamp(), p.step())).toList());
    }

    /**
     * Records the datasets a run read (MLflow's runs/log-inputs), within MLflow's limits, all or nothing. A dataset
     * the run already has (same name and digest) keeps what was logged first, as in MLflow.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void logInputs(String runId, List<DatasetInput> datasets) {
        datasets.forEach(RunService::requireDatasetInput);
        Job job = lock(runId);
        if (DELETED.equals(job.lifecycleStage())) {
            throw new InvalidInputException("run_id", "run '" + runId + "' is deleted; restore it first");
        }
        Set<String> known = new HashSet<>();
        for (RunInput i : inputs.forJobs(List.of(job.id()))) {
            known.add(i.name() + "\n" + i.digest());
        }
        for (DatasetInput input : datasets) {
            RunRecords.Dataset d = input.dataset();
            if (known.add(d.name() + "\n" + d.digest())) {
                inputs.save(new RunInput(job.id(), d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile(),
                        input.tags()));
            }
        }
    }

    private static void requireDatasetInput(DatasetInput input) {
        RunRecords.Dataset d = input.dataset();
        if (d == null) {
            throw new InvalidInputException("datasets", "Dataset cannot be None");
        }
        requirePresent(d.name(), "Dataset name cannot be None");
        requirePresent(d.digest(), "Dataset digest cannot be None");
        requirePresent(d.sourceType(), "Dataset source_type cannot be None");
        requirePresent(d.source(), "Dataset source cannot be None");
        requireLength("name", d.name(), MAX_DATASET_NAME);
        requireLength("digest", d.digest(), MAX_DATASET_DIGEST);
        requireLength("source_type", d.sourceType(), MAX_DATASET_SOURCE_TYPE);
        requireLength("source", d.source(), MAX_DATASET_SOURCE);
        requireLength("schema", d.schema(), MAX_DATASET_SCHEMA);
        requireLength("profile", d.profile(), MAX_DATASET_PROFILE);
        input.tags().forEach((k, v) -> {
            requirePresent(k, "InputTag key cannot be None");
            requirePresent(v, "InputTag value cannot be None");
            requireLength("key", k, MAX_INPUT_TAG_KEY);
            requireLength("value", v, MAX_INPUT_TAG_VALUE);
        });
    }

    private static void requirePresent(String value, String message) {
        if (value == null) {
            throw new InvalidInputException("datasets", message);
        }
    }

    /** MLflow's wording for a value over its limit. */
    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidInputException("datasets", "'" + field + "' exceeds the maximum length of " + max + " characters");
        }
    }

    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void deleteTag(String runId, String key) {
        Job job = lock(runId);
        if (job.runTags().remove(key) == null) {
            throw new NotFoundException("No tag with name: " + SafeText.quote(key, 80) + " in run with id " + runId);
        }
    }

    /** Every point of one metric, by step then time. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<MetricPoint> metricHistory(String runId, String key) {
        Job job = requireRun(runId);
        return metrics.history(job.id(), key).stream().map(RunService::point).toList();
    }

    /** Every metric of a run, each as its full history, by key: what the job page charts. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public Map<String, List<MetricPoint>> allMetrics(String runId) {
        Job job = requireRun(runId);
        Map<String, List<MetricPoint>> out = new TreeMap<>();
        for (RunMetric m : metrics.allNewestFirst(job.id())) {
            out.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(0, point(m));
        }
        return out;
    }

    // ---- artifacts

    /**
     * Stores one file a run logs at {@code path} of its job's artifact tree (content-addressed: bytes stored before
     * are not stored again) and returns it with how many bytes were new. The path is checked like an upload's.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public LoggedArtifact logArtifact(String runId, String path, java.io.InputStream content) {
        String clean = dev.modelyard.artifacts.UploadPaths.normalize(path);
        requireActiveRun(runId);
        StoredFiles stored;
        try (dev.modelyard.artifacts.StagedUpload staged = artifacts.stage()) {
            staged.addFile(clean, content);
            stored = artifacts.store(staged);
        }
        transactions.executeWithoutResult(tx -> {
            Job job = lock(runId);
            job.artifactsAre(artifacts.mergeIntoManifest(job.artifactsManifestId(), stored.files()));
        });
        return new LoggedArtifact(stored.files().get(0), stored.bytesNew());
    }

    /** A file a run logged, and how many of its bytes were new to the store. */
    public record LoggedArtifact(dev.modelyard.artifacts.ArtifactFile file, long bytesNew) {
    }

    /** Every file in a run's (job's) artifact tree, by path. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<dev.modelyard.artifacts.ArtifactFile> artifacts(String runId) {
        Job job = requireRun(runId);
        return job.artifactsManifestId() == null ? List.of() : artifacts.files(job.artifactsManifestId());
    }

    private void requireActiveRun(String runId) {
        transactions.executeWithoutResult(tx -> {
            Job job = requireRun(runId);
            if (DELETED.equals(job.lifecycleStage())) {
                throw new InvalidInputException("run_id", "run '" + runId + "' is deleted; restore it first");
            }
        });
    }

    // ---- helpers

    private void requireBatch(List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {
        if (points.size() > MAX_BATCH_METRICS) {
            throw new InvalidInputException("metrics", "A batch logging request can contain at most " + MAX_BATCH_METRICS
                    + " metrics. Got " + points.size() + " metrics. Please split up metrics across multiple requests and try again.");
        }
        if (params.size() > MAX_BATCH_PARAMS) {
            throw new InvalidInputException("params", "A batch logging request can contain at most " + MAX_BATCH_PARAMS
                    + " params. Got " + params.size() + " params. Please split up params across multiple requests and try again.");
        }
        if (tags.size() > MAX_BATCH_TAGS) {
            throw new InvalidInputException("tags", "A batch logging request can contain at most " + MAX_BATCH_TAGS
                    + " tags. Got " + tags.size() + " tags. Please split up tags across multiple requests and try again.");
        }
        int total = points.size() + params.size() + tags.size();
        if (total > MAX_BATCH_TOTAL) {
            throw new InvalidInputException("metrics", "A batch logging request can contain at most " + MAX_BATCH_TOTAL
                    + " total metrics, params, and tags. Got " + total + ".");
        }
        for (MetricPoint p : points) {
            requireKey("metric", p.key());
        }
        params.forEach((k, v) -> requireKeyValue("param", k, v, MAX_PARAM_VALUE));
        tags.forEach((k, v) -> requireKeyValue("tag", k, v, MAX_TAG_VALUE));
    }

    private static void requireKey(String noun, String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY || key.contains("..") || key.startsWith("/")
                || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_-. /:".indexOf(c) >= 0)) {
            throw new InvalidInputException(noun, "Invalid " + noun + " name: " + SafeText.quote(key, 80) + ". Names may only "
                    + "contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/), "
                    + "and have at most " + MAX_KEY + " characters.");
        }
    }

    private static void requireKeyValue(String noun, String key, String value, int max) {
        requireKey(noun, key);
        if (value == null) {
            throw new InvalidInputException(noun, "Missing value for " + noun + " '" + key + "'");
        }
        if (value.length() > max) {
            throw new InvalidInputException(noun, noun.substring(0, 1).toUpperCase() + noun.substring(1) + " '" + key
                    + "' had length " + value.length() + ", which exceeded length limit of " + max);
        }
    }

    private static void requireExperimentName(String name) {
        if (name == null || name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "an experiment name has 1–255 characters and no control characters");
        }
    }

    private Experiment requireExperiment(long id) {
        return experiments.findById(id).filter(e -> e.workspaceId() == CurrentWorkspace.id()).orElseThrow(() -> new NotFoundException("No Experiment with id=" + id + " exists"));
    }

    private Job requireRun(String runId) {
        return jobs.findVisible(CurrentWorkspace.id(), runId == null ? "" : runId)
                .orElseThrow(() -> new NotFoundException("Run with id=" + SafeText.quote(runId, 80) + " not found"));
    }

    private Job lock(String runId) {
        Job job = jobs.findByNameForUpdate(runId == null ? "" : runId).filter(j -> j.workspaceId() == CurrentWorkspace.id())
                .orElseThrow(() -> new NotFoundException("Run with id=" + SafeText.quote(runId, 80) + " not found"));
        return job;
    }

    static ExperimentDetails details(Experiment e) {
        return new ExperimentDetails(e.id(), e.name(), e.lifecycleStage(), e.createdAt(), e.updatedAt(), e.createdBy(),
                new TreeMap<>(e.tags()));
    }

    private RunDetails details(Job j) {
        return reader.one(j);
    }

    private static MetricPoint point(RunMetric m) {
        return new MetricPoint(m.key(), m.value(), m.timestamp(), m.step());
    }
}
