package dev.modelyard.workspaces;

import dev.modelyard.security.AppRole;
import dev.modelyard.security.WorkspaceDirectory;
import dev.modelyard.workspaces.internal.Workspace;
import dev.modelyard.workspaces.internal.WorkspaceMemberRepository;
import dev.modelyard.workspaces.internal.WorkspaceRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers what token scopes ask of workspaces (security depends on no feature above it, so it asks through
 * {@link WorkspaceDirectory}) from the one membership table and its queries, as {@link WorkspaceAccess} does.
 */
@Component
class MembershipDirectory implements WorkspaceDirectory {

    private final WorkspaceRepository workspaces;
    private final WorkspaceMemberRepository members;

    MembershipDirectory(WorkspaceRepository workspaces, WorkspaceMemberRepository members) {
        this.workspaces = workspaces;
        this.members = members;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Entry> findForMember(String name, String username) {
        if (name == null || username == null) {
            return Optional.empty();
        }
        return workspaces.findByNameKey(Workspace.keyOf(name)).filter(w -> mayWorkIn(w, username))
                .map(w -> new Entry(w.id(), w.name()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> namesFor(String username) {
        return workspaces.findAllByName().stream().filter(w -> mayWorkIn(w, username)).map(Workspace::name).toList();
    }

    private boolean mayWorkIn(Workspace workspace, String username) {
        return members.globalRoleOf(username).map(AppRole.ADMIN.name()::equals).orElse(false)
                || members.roleOf(workspace.id(), username).isPresent();
    }
}
