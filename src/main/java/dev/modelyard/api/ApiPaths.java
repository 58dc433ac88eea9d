package dev.modelyard.api;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;

/** Where a resource of the request's workspace lives, for Location headers: the same form the request used. */
final class ApiPaths {

    private ApiPaths() {
    }

    static String base() {
        return CurrentWorkspace.id() == WorkspaceRef.DEFAULT.id() ? "/api/v1" : "/api/v1/workspaces/" + CurrentWorkspace.name();
    }
}
