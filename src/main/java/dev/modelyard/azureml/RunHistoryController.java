package dev.modelyard.azureml;

import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Run history, what {@code jobs.stream} polls: the run's status and its log file as a signed link (the SDK GETs it
 * without its token). The discovery document's {@code api}/{@code history} point at {@link #ROOT}.
 */
@RestController
class RunHistoryController {

    static final String ROOT = "/azureml/api";

    private final JobQueryService jobs;
    private final SignedLinks links;
    private final ModelyardProperties modelyard;
    private final Clock clock;

    RunHistoryController(JobQueryService jobs, SignedLinks links, ModelyardProperties modelyard, Clock clock) {
        this.jobs = jobs;
        this.links = links;
        this.modelyard = modelyard;
        this.clock = clock;
    }

    @GetMapping(ROOT + "/history/v1.0" + Arm.WS + "/runs/{name}/details")
    Map<String, Object> details(@PathVariable String name) {
        JobDetails j = jobs.get(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", j.name());
        out.put("runUuid", UUID.nameUUIDFromBytes(("modelyard-job-" + j.name()).getBytes()).toString());
        out.put("status", j.status().wireName());
        out.put("target", j.compute());
        out.put("startTimeUtc", j.startedAt() == null ? null : j.startedAt().toString());
        out.put("endTimeUtc", j.endedAt() == null ? null : j.endedAt().toString());
        out.put("properties", Map.of());
        out.put("logFiles", Map.of("user_logs/std_log.txt", Arm.base(modelyard.publicUrl()) + DiscoveryController.LOGS + "/"
                + CurrentWorkspace.name() + "/" + j.name() + "/std_log.txt?"
                + links.log(CurrentWorkspace.id(), j.name(), CurrentUsername.get(), clock.instant())));
        out.put("warnings", null);
        out.put("error", j.status() == JobStatus.FAILED ? Map.of("error", Map.of("code", "UserError", "message",
                j.statusReason() == null ? "the job failed" : j.statusReason())) : null);
        return out;
    }
}
