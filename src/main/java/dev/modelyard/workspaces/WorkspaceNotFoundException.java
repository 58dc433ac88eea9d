package dev.modelyard.workspaces;

import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;

/** No such workspace, or the caller is not a member: the two answer alike, so membership reveals nothing. */
public class WorkspaceNotFoundException extends NotFoundException {

    public WorkspaceNotFoundException(String name) {
        super("workspace " + SafeText.quote(name, 80) + " does not exist or you are not a member of it");
    }
}
