package dev.modelyard.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.ExperimentDetails;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.RunRecords.Dataset;
import dev.modelyard.jobs.RunRecords.DatasetInput;
import dev.modelyard.jobs.RunSearchService;
import dev.modelyard.jobs.RunService;
import dev.modelyard.jobs.TrackingSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's tracking API (the subset of docs/decisions/014): experiments are Modelyard experiments, a run is a job
 * (run id = job name), and what a client logs is kept by {@link RunService}.
 */
@RestController
@RequestMapping({MlflowPaths.API, MlflowPaths.AJAX, MlflowPaths.PREVIEW, MlflowPaths.WS_API, MlflowPaths.WS_AJAX,
        MlflowPaths.WS_PREVIEW})
class TrackingController {

    static final int EXPERIMENTS_MAX = 50_000;
    static final int RUNS_MAX = 50_000;
    static final int PAGE_CAP = 1000;

    private final RunService runs;
    private final RunSearchService search;
    private final PageTokens tokens;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    TrackingController(RunService runs, RunSearchService search, PageTokens tokens, ObjectMapper json, java.time.Clock clock) {
        this.search = search;
        this.clock = clock;
        this.runs = runs;
        this.tokens = tokens;
        this.json = json;
    }

    private Params params(MultiValueMap<String, String> query, String body) {
        return Params.of(json, query, body);
    }

    // ---- experiments

    @PostMapping("/experiments/create")
    Map<String, Object> createExperiment(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        ExperimentDetails e = runs.createExperiment(p.required("name"), p.tags("tags"));
        return Map.of("experiment_id", String.valueOf(e.id()));
    }

    @RequestMapping(path = "/experiments/get", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> getExperiment(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        return Map.of("experiment", experiment(experimentOf(params(q, body).required("experiment_id"))));
    }

    @RequestMapping(path = "/experiments/get-by-name", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> getByName(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        return Map.of("experiment", experiment(runs.experimentByName(params(q, body).required("experiment_name"))));
    }

    @RequestMapping(path = "/experiments/search", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> searchExperiments(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        int max = window(p, 1000, EXPERIMENTS_MAX);
        Set<String> stages = stages(p.optional("view_type"));
        String filter = p.optional("filter");
        List<String> orderBy = p.list("order_by");
        List<TrackingSearch.Term> terms = SearchFilter.tracking(filter, SearchFilter.Target.EXPERIMENTS);
        List<TrackingSearch.Order> orders = SearchFilter.trackingOrders(orderBy, SearchFilter.Target.EXPERIMENTS);
        String fingerprint = "experiments\n" + new java.util.TreeSet<>(stages) + "\n" + filter + "\n" + String.join("\n", orderBy);
        return tokens.page("experiments", p.optional("page_token"), fingerprint, max,
                (offset, limit) -> search.experiments(stages, new TrackingSearch(terms, orders, offset, limit)),
                TrackingController::experiment);
    }

    @PostMapping("/experiments/update")
    Map<String, Object> updateExperiment(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        ExperimentDetails e = experimentOf(p.required("experiment_id"));
        String newName = p.optional("new_name");
        if (newName != null) {
            runs.renameExperiment(e.id(), newName);
        }
        return Map.of();
    }

    @PostMapping("/experiments/delete")
    Map<String, Object> deleteExperiment(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        runs.setExperimentLifecycle(experimentOf(params(q, body).required("experiment_id")).id(), true);
        return Map.of();
    }

    @PostMapping("/experiments/restore")
    Map<String, Object> restoreExperiment(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        runs.setExperimentLifecycle(experimentOf(params(q, body).required("experiment_id")).id(), false);
        return Map.of();
    }

    @PostMapping("/experiments/set-experiment-tag")
    Map<String, Object> setExperimentTag(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        runs.setExperimentTag(experimentOf(p.required("experiment_id")).id(), p.required("key"), present(p, "value"));
        return Map.of();
    }

    // ---- runs

    @PostMapping("/runs/create")
    Map<String, Object> createRun(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String experimentId = p.optional("experiment_id");
        ExperimentDetails e = experimentOf(experimentId == null || experimentId.isEmpty() ? "0" : experimentId);
        Long start = longOf(p, "start_time");
        RunDetails run = runs.createRun(new CreateRunCommand(e.id(), p.optional("run_name"),
                start == null ? null : Instant.ofEpochMilli(start), p.tags("tags")));
        return Map.of("run", run(run));
    }

    @RequestMapping(path = "/runs/get", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> getRun(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        return Map.of("run", run(runs.run(runId(params(q, body)))));
    }

    @PostMapping("/runs/update")
    Map<String, Object> updateRun(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String status = p.optional("status");
        Long end = longOf(p, "end_time");
        RunDetails run = runs.updateRun(runId(p), status == null ? null : jobStatus(status),
                end == null ? null : Instant.ofEpochMilli(end), p.optional("run_name"));
        return Map.of("run_info", info(run));
    }

    @PostMapping("/runs/delete")
    Map<String, Object> deleteRun(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        runs.setRunLifecycle(runId(params(q, body)), true);
        return Map.of();
    }

    @PostMapping("/runs/restore")
    Map<String, Object> restoreRun(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        runs.setRunLifecycle(runId(params(q, body)), false);
        return Map.of();
    }

    @PostMapping("/runs/log-metric")
    Map<String, Object> logMetric(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        runs.logBatch(runId(p), List.of(point(p.required("key"), p.required("value"), longOf(p, "timestamp"),
                longOf(p, "step"))), Map.of(), Map.of());
        return Map.of();
    }

    @PostMapping({"/runs/log-parameter", "/runs/log-param"})
    Map<String, Object> logParam(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        runs.logBatch(runId(p), List.of(), Map.of(p.required("key"), present(p, "value")), Map.of());
        return Map.of();
    }

    @PostMapping("/runs/set-tag")
    Map<String, Object> setTag(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        runs.logBatch(runId(p), List.of(), Map.of(), Map.of(p.required("key"), present(p, "value")));
        return Map.of();
    }

    @PostMapping("/runs/delete-tag")
    Map<String, Object> deleteTag(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        runs.deleteTag(runId(p), p.required("key"));
        return Map.of();
    }

    @PostMapping("/runs/log-batch")
    Map<String, Object> logBatch(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        JsonNode root = body == null || body.isBlank() ? null : readTree(body);
        List<MetricPoint> points = new ArrayList<>();
        if (root != null && root.has("metrics")) {
            for (JsonNode m : root.get("metrics")) {
                points.add(point(text(m, "key"), text(m, "value"), m.hasNonNull("timestamp") ? m.get("timestamp").asLong() : null,
                        m.hasNonNull("step") ? m.get("step").asLong() : null));
            }
        }
        runs.logBatch(runId(p), points, p.tags("params"), p.tags("tags"));
        return Map.of();
    }

    @PostMapping("/runs/log-inputs")
    Map<String, Object> logInputs(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String run = runId(p);
        JsonNode root = body == null || body.isBlank() ? null : readTree(body);
        List<DatasetInput> inputs = new ArrayList<>();
        JsonNode datasets = root == null ? null : root.get("datasets");
        if (datasets != null && !datasets.isNull()) {
            if (!datasets.isArray()) {
                throw MlflowException.invalid("Invalid value for parameter 'datasets': expected a list of dataset inputs");
            }
            for (JsonNode input : datasets) {
                inputs.add(datasetInput(input));
            }
        }
        runs.logInputs(run, inputs);
        return Map.of();
    }

    private static DatasetInput datasetInput(JsonNode input) {
        if (!input.isObject()) {
            throw MlflowException.invalid("Invalid value for parameter 'datasets': every entry is {tags, dataset}");
        }
        JsonNode d = input.get("dataset");
        Dataset dataset = d == null || !d.isObject() ? null : new Dataset(textOrNull(d, "name"), textOrNull(d, "digest"),
                textOrNull(d, "source_type"), textOrNull(d, "source"), textOrNull(d, "schema"), textOrNull(d, "profile"));
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = input.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw MlflowException.invalid("Invalid value for parameter 'tags' of a dataset input: expected a list of {key, value}");
            }
            for (JsonNode tag : t) {
                String key = textOrNull(tag, "key");
                String value = textOrNull(tag, "value");
                if (key == null) {
                    throw MlflowException.invalid("InputTag key cannot be None");
                }
                if (value == null) {
                    throw MlflowException.invalid("InputTag value cannot be None");
                }
                tags.put(key, value);
            }
        }
        return new DatasetInput(dataset, tags);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            throw MlflowException.invalid("Invalid value for dataset field '" + field + "': expected a string");
        }
        return v.asText();
    }

    @RequestMapping(path = "/runs/search", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> searchRuns(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        int max = window(p, 1000, RUNS_MAX);
        List<Long> ids = p.list("experiment_ids").stream().map(id -> experimentOf(id).id()).toList();
        Set<String> stages = stages(p.optional("run_view_type"));
        String filter = p.optional("filter");
        List<String> orderBy = p.list("order_by");
        List<TrackingSearch.Term> terms = SearchFilter.tracking(filter, SearchFilter.Target.RUNS);
        List<TrackingSearch.Order> orders = SearchFilter.trackingOrders(orderBy, SearchFilter.Target.RUNS);
        String fingerprint = "runs\n" + ids + "\n" + new java.util.TreeSet<>(stages) + "\n" + filter + "\n" + String.join("\n", orderBy);
        return tokens.page("runs", p.optional("page_token"), fingerprint, max,
                (offset, limit) -> search.runs(ids, stages, new TrackingSearch(terms, orders, offset, limit)),
                TrackingController::run);
    }

    @RequestMapping(path = "/metrics/get-history", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> history(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        List<MetricPoint> points = runs.metricHistory(runId(p), p.required("metric_key"));
        return Map.of("metrics", points.stream().map(TrackingController::metric).toList());
    }

    @RequestMapping(path = "/artifacts/list", method = {RequestMethod.GET, RequestMethod.POST})
    Map<String, Object> listArtifacts(@RequestParam MultiValueMap<String, String> q, @RequestBody(required = false) String body) {
        Params p = params(q, body);
        String run = runId(p);
        RunDetails details = runs.run(run);
        String path = p.optional("path");
        String dir = path == null || path.isBlank() ? "" : dev.modelyard.artifacts.UploadPaths.normalize(path.replaceAll("/+$", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("root_uri", info(details).get("artifact_uri"));
        out.put("files", ArtifactProxyController.children(runs.artifacts(run), dir, true));
        return out;
    }

    // ---- translation

    private ExperimentDetails experimentOf(String id) {
        if ("0".equals(id)) {
            return runs.defaultExperiment();
        }
        try {
            return runs.experiment(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value '" + Wire.shown(id) + "' for parameter 'experiment_id'");
        }
    }

    private static String runId(Params p) {
        String id = p.optional("run_id");
        if (id == null || id.isEmpty()) {
            id = p.optional("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            return p.required("run_id");
        }
        return id;
    }

    private static Set<String> stages(String viewType) {
        if (viewType == null || viewType.isEmpty() || viewType.equals("ACTIVE_ONLY") || viewType.equals("1")) {
            return Set.of(RunService.ACTIVE);
        }
        return switch (viewType) {
            case "DELETED_ONLY", "2" -> Set.of(RunService.DELETED);
            case "ALL", "3" -> Set.of(RunService.ACTIVE, RunService.DELETED);
            default -> throw MlflowException.invalid("Invalid view type '" + Wire.shown(viewType)
                    + "'; use ACTIVE_ONLY, DELETED_ONLY or ALL");
        };
    }

    private static int window(Params p, int otherwise, int max) {
        Integer n = p.integer("max_results");
        if (n == null) {
            return otherwise;
        }
        if (n < 1 || n > max) {
            throw MlflowException.invalid("Invalid value for request parameter max_results. It must be at most "
                    + max + " and at least 1, but got value " + n);
        }
        return Math.min(n, PAGE_CAP);
    }

    private static JobStatus jobStatus(String mlflow) {
        return switch (mlflow) {
            case "RUNNING" -> JobStatus.RUNNING;
            case "SCHEDULED" -> JobStatus.QUEUED;
            case "FINISHED" -> JobStatus.COMPLETED;
            case "FAILED" -> JobStatus.FAILED;
            case "KILLED" -> JobStatus.CANCELED;
            default -> throw MlflowException.invalid("Invalid value '" + Wire.shown(mlflow) + "' for parameter 'status'; "
                    + "use RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
        };
    }

    static String mlflowStatus(JobStatus status) {
        return dev.modelyard.jobs.RunRecords.runStatus(status);
    }

    private MetricPoint point(String key, String value, Long timestamp, Long step) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value '" + Wire.shown(value) + "' for metric '" + Wire.shown(key) + "': not a number");
        }
        return new MetricPoint(key, v, timestamp == null ? clock.millis() : timestamp, step == null ? 0 : step);
    }

    private static String text(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw MlflowException.invalid("Missing value for required parameter '" + field + "' in a logged metric");
        }
        return node.get(field).asText();
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new MlflowException(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON");
        }
    }

    private static String present(Params p, String name) {
        String v = p.optional(name);
        if (v == null) {
            throw MlflowException.invalid("Missing value for required parameter '" + name
                    + "'. See the API docs for more information about request parameters.");
        }
        return v;
    }

    private static Long longOf(Params p, String name) {
        String v = p.optional(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value '" + Wire.shown(v) + "' for parameter '" + name + "': expected an integer");
        }
    }

    static Map<String, Object> experiment(ExperimentDetails e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment_id", String.valueOf(e.id()));
        out.put("name", e.name());
        out.put("artifact_location", "mlflow-artifacts:/" + e.id());
        out.put("lifecycle_stage", e.lifecycleStage());
        out.put("creation_time", e.createdAt().toEpochMilli());
        out.put("last_update_time", e.updatedAt().toEpochMilli());
        out.put("tags", Wire.tags(e.tags()));
        return out;
    }

    static Map<String, Object> info(RunDetails r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", r.runId());
        out.put("run_uuid", r.runId());
        out.put("run_name", r.runName());
        out.put("experiment_id", String.valueOf(r.experimentId()));
        out.put("user_id", r.userId());
        out.put("status", mlflowStatus(r.status()));
        out.put("start_time", r.startTime().toEpochMilli());
        if (r.endTime() != null) {
            out.put("end_time", r.endTime().toEpochMilli());
        }
        out.put("artifact_uri", "mlflow-artifacts:/" + r.experimentId() + "/" + r.runId() + "/artifacts");
        out.put("lifecycle_stage", r.lifecycleStage());
        return out;
    }

    static Map<String, Object> run(RunDetails r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", r.metrics().stream().map(TrackingController::metric).toList());
        data.put("params", Wire.tags(r.params()));
        Map<String, String> tags = new java.util.TreeMap<>(r.tags());
        tags.putIfAbsent("mlflow.runName", r.runName());
        tags.putIfAbsent("mlflow.user", r.userId());
        data.put("tags", Wire.tags(tags));
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (!r.inputs().isEmpty()) {
            inputs.put("dataset_inputs", r.inputs().stream().map(TrackingController::datasetInput).toList());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("info", info(r));
        out.put("data", data);
        out.put("inputs", inputs);
        return out;
    }

    static Map<String, Object> datasetInput(DatasetInput input) {
        Dataset d = input.dataset();
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", d.name());
        dataset.put("digest", d.digest());
        dataset.put("source_type", d.sourceType());
        dataset.put("source", d.source());
        if (d.schema() != null) {
            dataset.put("schema", d.schema());
        }
        if (d.profile() != null) {
            dataset.put("profile", d.profile());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tags", Wire.tags(input.tags()));
        out.put("dataset", dataset);
        return out;
    }

    static Map<String, Object> metric(MetricPoint m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", m.key());
        out.put("value", m.value());
        out.put("timestamp", m.timestamp());
        out.put("step", m.step());
        return out;
    }
}
