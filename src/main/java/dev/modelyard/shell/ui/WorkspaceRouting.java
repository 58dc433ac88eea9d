package dev.modelyard.shell.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.router.AccessDeniedException;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.workspaces.ui.RequiresWorkspaceRole;
import dev.modelyard.workspaces.WorkspaceNotFoundException;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Binds each browser tab to the workspace in its URL: before a view of {@code w/:workspace/…} is created, the
 * caller's membership is checked (not a member: the not-found view, exactly as for a workspace that does not
 * exist), the tab remembers the workspace, and so does the user's profile for their next visit. Service calls made
 * for the tab (requests and {@code ui.access} alike) then run in that workspace through
 * {@link CurrentWorkspace#useFallback}.
 */
@Component
class WorkspaceRouting implements VaadinServiceInitListener {

    private final WorkspaceService workspaces;
    private final WorkspaceAccess access;

    WorkspaceRouting(WorkspaceService workspaces, WorkspaceAccess access) {
        this.workspaces = workspaces;
        this.access = access;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        CurrentWorkspace.useFallback(() -> {
            UI ui = UI.getCurrent();
            return ui == null ? null : WorkspaceRoutes.current(ui).orElse(null);
        });
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::beforeEnter));
    }

    private void beforeEnter(BeforeEnterEvent event) {
        if (!signedIn()) {
            return;
        }
        Optional<String> named = event.getRouteParameters().get(WorkspaceRoutes.PARAM);
        if (named.isEmpty()) {
            return;
        }
        UI ui = event.getUI();
        try {
            WorkspaceRef ref = workspaces.resolve(named.get());
            Optional<WorkspaceRef> before = WorkspaceRoutes.current(ui);
            WorkspaceRoutes.set(ui, ref);
            if (before.isEmpty() || before.get().id() != ref.id()) {
                workspaces.rememberLastWorkspace(ref);
            }
            RequiresWorkspaceRole needs = event.getNavigationTarget().getAnnotation(RequiresWorkspaceRole.class);
            if (needs != null && !access.atLeast(needs.value())) {
                event.rerouteToError(AccessDeniedException.class, AccessDeniedView.OWN_MESSAGE + needs.value().name()
                        + " role in workspace '" + ref.name() + "'; your role there is "
                        + access.role().map(Enum::name).orElse("none") + ". Ask an admin of the workspace.");
            }
        } catch (WorkspaceNotFoundException e) {
            event.rerouteToError(NotFoundException.class, e.getMessage());
        }
    }

    private static boolean signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
