package dev.modelyard.workspaces.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.modelyard.workspaces.WorkspaceRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's URLs carry the workspace: every view of a workspace lives under {@code w/:workspace/…}, so a link
 * opens in its workspace for anyone who is a member (docs/decisions/009-workspaces.md). Each browser tab (UI) keeps
 * the workspace it shows; services read it through {@link dev.modelyard.workspaces.CurrentWorkspace}.
 */
public final class WorkspaceRoutes {

    /** The route parameter every workspace view's template starts with: {@code w/:workspace/…}. */
    public static final String PARAM = "workspace";
    public static final String PREFIX = "w/:" + PARAM + "/";

    private WorkspaceRoutes() {
    }

    /** The workspace this tab shows, if it has chosen one. */
    public static Optional<WorkspaceRef> current(UI ui) {
        return ui == null ? Optional.empty() : Optional.ofNullable(ComponentUtil.getData(ui, WorkspaceRef.class));
    }

    public static Optional<WorkspaceRef> current() {
        return current(UI.getCurrent());
    }

    /** Makes {@code workspace} the one this tab shows; only after its membership was checked. */
    public static void set(UI ui, WorkspaceRef workspace) {
        ComponentUtil.setData(ui, WorkspaceRef.class, workspace);
    }

    /** Route parameters for a workspace view in the current workspace, from name/value pairs. */
    public static RouteParameters params(String... namesAndValues) {
        Map<String, String> params = new HashMap<>();
        params.put(PARAM, name());
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new RouteParameters(params);
    }

    /** Navigates to a workspace view of the current workspace. */
    public static void navigate(Class<? extends Component> view, QueryParameters query, String... namesAndValues) {
        UI.getCurrent().navigate(view, params(namesAndValues), query);
    }

    /**
     * A download that runs in the workspace of the view that made it. The download request is served outside the
     * UI's own handling (no UI is current there to read the workspace from), so the workspace is captured now and
     * bound while the handler streams; without it the services would look in {@code default}.
     */
    public static DownloadHandler inThisWorkspace(DownloadHandler handler) {
        WorkspaceRef workspace = dev.modelyard.workspaces.CurrentWorkspace.get();
        return event -> {
            try {
                dev.modelyard.workspaces.CurrentWorkspace.callIn(workspace, () -> {
                    try {
                        handler.handleDownloadRequest(event);
                        return null;
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        };
    }

    /** The URL path of a view in the current workspace, e.g. {@code w/team-a/models}. */
    public static String path(String rest) {
        return "w/" + name() + "/" + rest;
    }

    private static String name() {
        return current().map(WorkspaceRef::name).orElse(WorkspaceRef.DEFAULT.name());
    }
}
