package dev.modelyard.api;

import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CreateWorkspaceCommand;
import dev.modelyard.workspaces.WorkspaceMember;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.workspaces.WorkspaceSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workspaces and their members. {@code {workspace}} is bound and membership-checked before a handler runs
 * (a workspace the caller is not a member of is 404): docs/decisions/009-workspaces.md.
 */
@RestController
@RequestMapping("/api/v1/workspaces")
@Tag(name = "Workspaces")
class WorkspaceApi {

    private final WorkspaceService workspaces;

    WorkspaceApi(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Operation(summary = "The workspaces the caller is a member of (all of them, for a platform admin)")
    @GetMapping
    List<WorkspaceSummary> list() {
        return workspaces.mine();
    }

    @Operation(summary = "Platform admin: create a workspace {name, displayName, description}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WorkspaceSummary> create(@RequestBody CreateWorkspaceCommand body) {
        WorkspaceSummary created = workspaces.create(body);
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + created.name())).body(created);
    }

    @Operation(summary = "One workspace, with the caller's role in it")
    @GetMapping("/{workspace}")
    WorkspaceSummary get(@PathVariable String workspace) {
        return workspaces.get(workspace);
    }

    @Operation(summary = "Members of the workspace and their roles")
    @GetMapping("/{workspace}/members")
    List<WorkspaceMember> members() {
        return workspaces.members();
    }

    @Operation(summary = "Workspace admin: add a member or change their role: {\"role\": \"READER\" | \"CONTRIBUTOR\" | \"ADMIN\"}")
    @PutMapping(path = "/{workspace}/members/{user}", consumes = MediaType.APPLICATION_JSON_VALUE)
    WorkspaceMember setMember(@PathVariable String user, @RequestBody RoleBody body) {
        WorkspaceService.MembershipChange change = workspaces.setMember(user, body.role());
        return workspaces.members().stream().filter(m -> m.username().equals(change.username())).findFirst().orElseThrow();
    }

    @Operation(summary = "Workspace admin: remove a member (the last admin cannot be removed)")
    @DeleteMapping("/{workspace}/members/{user}")
    ResponseEntity<Void> removeMember(@PathVariable String user) {
        workspaces.removeMember(user);
        return ResponseEntity.noContent().build();
    }

    record RoleBody(AppRole role) {
    }

}
