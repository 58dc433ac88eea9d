package dev.modelyard.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import jakarta.annotation.security.PermitAll;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses without a workspace ({@code /}, {@code /models/fraud}, links from before workspaces) open in the
 * workspace this tab shows, else the one the user last worked in, else their first; someone who is a member of
 * none sees whom to ask. Only the workspace views' first segments are rewritten; anything else is not found.
 */
@Route(":path*")
@PermitAll
public class LegacyRedirect extends Div implements BeforeEnterObserver {

    static final String PARAM_PATH = "path";
    private static final Set<String> WORKSPACE_VIEWS = Set.of("models", "jobs", "computes", "register", "members", "audit");

    private final WorkspaceService workspaces;

    public LegacyRedirect(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String path = event.getRouteParameters().get(PARAM_PATH).orElse("");
        String first = path.isEmpty() ? "models" : path.split("/", 2)[0];
        if (!WORKSPACE_VIEWS.contains(first)) {
            event.rerouteToError(NotFoundException.class, "There is no page at /" + path);
            return;
        }
        Optional<WorkspaceRef> ws = WorkspaceRoutes.current(event.getUI()).or(workspaces::startingWorkspace);
        if (ws.isEmpty()) {
            event.forwardTo(NoWorkspaceView.class);
            return;
        }
        String rest = path.isEmpty() ? "models" : path;
        event.forwardTo("w/" + ws.get().name() + "/" + rest, event.getLocation().getQueryParameters());
    }

}
