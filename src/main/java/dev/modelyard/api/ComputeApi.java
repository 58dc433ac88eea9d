package dev.modelyard.api;

import dev.modelyard.jobs.ComputeTarget;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.CreateComputeTargetCommand;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Compute targets of a workspace: what a job's {@code compute} names. */
@RestController
@RequestMapping({"/api/v1", "/api/v1/workspaces/{workspace}"})
@Tag(name = "Jobs")
class ComputeApi {

    private final ComputeTargetService computes;

    ComputeApi(ComputeTargetService computes) {
        this.computes = computes;
    }

    @Operation(summary = "Compute targets of the workspace, with how busy each is")
    @GetMapping("/computes")
    List<ComputeTarget> list() {
        return computes.list();
    }

    @Operation(summary = "One compute target")
    @GetMapping("/computes/{name}")
    ComputeTarget get(@PathVariable String name) {
        return computes.get(name);
    }

    @Operation(summary = "Workspace admin: create a compute target {name, kind: local, slots} or "
            + "{name, kind: ray, address, resources: {cpus, memoryMb, gpus}}")
    @PostMapping("/computes")
    @RequiresWorkspaceRole(AppRole.ADMIN)
    ResponseEntity<ComputeTarget> create(@RequestBody CreateComputeTargetCommand command) {
        ComputeTarget created = computes.create(command);
        return ResponseEntity.created(URI.create(ApiPaths.base() + "/computes/" + created.name())).body(created);
    }

    @Operation(summary = "Workspace admin: delete a compute target no job waits or runs on")
    @DeleteMapping("/computes/{name}")
    @RequiresWorkspaceRole(AppRole.ADMIN)
    ResponseEntity<Void> delete(@PathVariable String name) {
        computes.delete(name);
        return ResponseEntity.noContent().build();
    }
}
