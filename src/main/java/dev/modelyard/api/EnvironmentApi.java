package dev.modelyard.api;

import dev.modelyard.base.AttachmentHeaders;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.CreateEnvironmentCommand;
import dev.modelyard.jobs.EnvironmentBuildService;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Environments built from a spec (issue 15); listing and the host check stay in {@link JobApi}. */
@RestController
@RequestMapping({"/api/v1", "/api/v1/workspaces/{workspace}"})
@Tag(name = "Environments")
class EnvironmentApi {

    private static final int MAX_LOG = 4 * 1024 * 1024;
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final EnvironmentBuildService builds;
    private final EnvironmentService environments;
    private final JobQueryService jobs;

    EnvironmentApi(EnvironmentBuildService builds, EnvironmentService environments, JobQueryService jobs) {
        this.builds = builds;
        this.environments = environments;
        this.jobs = jobs;
    }

    @Operation(summary = "Create the next version of an environment from a spec: {name, description, interpreter,"
            + " requirements (requirements.txt text), conda (conda.yaml text), variables}; its build starts in the"
            + " background (status Building, then Ready or Failed). 409 when the same name already has this exact spec")
    @PostMapping(path = "/environments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<EnvironmentDetails> create(@RequestBody CreateEnvironmentCommand command) {
        EnvironmentDetails env = builds.create(command);
        return ResponseEntity.created(URI.create(ApiPaths.base() + "/environments/" + env.reference())).body(env);
    }

    @Operation(summary = "One environment version (name:version or name@latest), with its build's status and size")
    @GetMapping("/environments/{reference}")
    EnvironmentDetails get(@PathVariable String reference) {
        return environments.get(reference);
    }

    @Operation(summary = "The current build's log as text (live while it builds); offset skips what was read")
    @GetMapping(path = "/environments/{reference}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<byte[]> log(@PathVariable String reference, @RequestParam(defaultValue = "0") long offset) {
        LogReader.LogChunk chunk = builds.log(reference, Math.max(0, offset), MAX_LOG);
        return ResponseEntity.ok().contentType(TEXT)
                .header(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY)
                .header("X-Next-Offset", String.valueOf(chunk.nextOffset())).body(chunk.bytes());
    }

    @Operation(summary = "The exact packages of the current build (pip freeze when it finished)")
    @GetMapping(path = "/environments/{reference}/packages", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> packages(@PathVariable String reference) {
        return ResponseEntity.ok().contentType(TEXT).body(builds.freeze(reference));
    }

    @Operation(summary = "Jobs that ran or run in this environment version, newest first")
    @GetMapping("/environments/{reference}/jobs")
    List<EnvironmentBuildService.EnvironmentJob> jobsOf(@PathVariable String reference) {
        return builds.jobs(reference);
    }

    @Operation(summary = "Build the version again from its spec; 409 while it builds or a running job uses it")
    @PostMapping("/environments/{reference}/rebuild")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<EnvironmentDetails> rebuild(@PathVariable String reference) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(builds.rebuild(reference));
    }

    @Operation(summary = "Remove the version's build from disk; the spec stays and the next job naming it builds it"
            + " again. 409 while a running job uses it")
    @DeleteMapping("/environments/{reference}/build")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    EnvironmentDetails deleteBuild(@PathVariable String reference) {
        return builds.deleteBuild(reference);
    }

    @Operation(summary = "Disk used by all environment builds and the cap (modelyard.environments.disk-cap)")
    @GetMapping("/environment-builds/disk")
    EnvironmentBuildService.DiskUsage disk() {
        return builds.disk();
    }

    @Operation(summary = "The environment version a job ran in and the exact packages of its build; 404 for a job in"
            + " a host environment")
    @GetMapping("/jobs/{name}/environment")
    EnvironmentBuildService.JobEnvironment jobEnvironment(@PathVariable String name) {
        jobs.get(name);
        return builds.ofJob(name).orElseThrow(() -> new NotFoundException("job " + name
                + " ran in an environment the host provides: it has no build"));
    }
}
