package dev.modelyard.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobFilter;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobSummary;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Command jobs: a PUT under the client's name is the submission (code from a code version, environment and compute
 * resolved here, as the SDK sends them unresolved); GET, list and cancel. A job is a Modelyard job like any other.
 */
@RestController
@RequestMapping(Arm.WS + "/jobs")
class ArmJobController {

    private final JobService jobs;
    private final JobQueryService queries;
    private final CodeAssetService codes;
    private final ModelyardProperties modelyard;

    ArmJobController(JobService jobs, JobQueryService queries, CodeAssetService codes, ModelyardProperties modelyard) {
        this.jobs = jobs;
        this.queries = queries;
        this.codes = codes;
        this.modelyard = modelyard;
    }

    @PutMapping("/{name}")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<Map<String, Object>> put(@PathVariable String subscription, @PathVariable String resourceGroup,
                                            @PathVariable String workspace, @PathVariable String name,
                                            @RequestBody JsonNode body) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        JobDetails existing = find(name);
        if (existing != null) {
            // jobs never change once submitted; a repeated PUT (a client's retry) is answered with the job as it is
            return ResponseEntity.ok(view(ws, existing, null));
        }
        JsonNode p = body.path("properties");
        String type = Json.text(p, "jobType");
        if (type != null && !type.equalsIgnoreCase("Command")) {
            throw new InvalidInputException("jobType", "this server runs command jobs; jobType " + type.replaceAll("\\p{Cntrl}", "?")
                    + " is not supported");
        }
        String[] code = AzureReferences.code(Json.text(p, "codeId"));
        SubmitJobCommand command = new SubmitJobCommand(Json.text(p, "command"), AzureReferences.environment(Json.text(p, "environmentId")),
                AzureReferences.compute(Json.text(p, "computeId")), Json.text(p, "displayName"),
                Json.text(p, "experimentName"), Json.text(p, "description"), Json.stringMap(p.path("tags")),
                Json.stringMap(p.path("environmentVariables")), null);
        JobDetails job = jobs.submitNamed(name, command, () -> codes.files(code[0], code[1]));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(ws, job, Json.text(p, "codeId")));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String subscription, @PathVariable String resourceGroup,
                            @PathVariable String workspace, @PathVariable String name) {
        return view(Arm.workspaceId(subscription, resourceGroup, workspace), queries.get(name), null);
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String subscription, @PathVariable String resourceGroup,
                             @PathVariable String workspace, @RequestParam(name = "$skipToken", required = false) String skip,
                             HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        int page = Arm.pageNumber(skip);
        Slice<JobSummary> slice = queries.list(JobFilter.all(), PageRequest.of(page, Arm.PAGE));
        return Arm.page(slice.getContent().stream().map(s -> view(ws, queries.get(s.name()), null)).toList(),
                slice.hasNext(), page, request);
    }

    @PostMapping("/{name}/cancel")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<Void> cancel(@PathVariable String name) {
        jobs.cancel(name);
        return ResponseEntity.accepted().build();
    }

    private JobDetails find(String name) {
        try {
            return queries.get(name);
        } catch (NotFoundException absent) {
            return null;
        }
    }

    Map<String, Object> view(String ws, JobDetails j, String codeId) {
        String base = Arm.base(modelyard.publicUrl());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", j.description());
        p.put("tags", j.tags());
        p.put("properties", Map.of());
        p.put("displayName", j.displayName());
        p.put("experimentName", j.experimentName());
        p.put("jobType", "Command");
        p.put("status", j.status().wireName());
        p.put("isArchived", false);
        p.put("command", j.command());
        p.put("codeId", codeId);
        p.put("environmentId", "azureml:" + j.environment());
        p.put("computeId", ws + "/computes/" + j.compute());
        p.put("environmentVariables", j.environmentVariables());
        p.put("inputs", Map.of());
        p.put("outputs", Map.of());
        p.put("services", Map.of(
                "Studio", Map.of("jobServiceType", "Studio", "endpoint", base + "/w/" + CurrentWorkspace.name() + "/jobs/" + j.name()),
                "Tracking", Map.of("jobServiceType", "Tracking", "endpoint", base + "/mlflow/" + CurrentWorkspace.name())));
        return Arm.resource(ws + "/jobs/" + j.name(), j.name(), Arm.TYPE + "/jobs", p, j.createdAt(), j.createdBy(),
                j.endedAt() != null ? j.endedAt() : j.startedAt());
    }
}
