package dev.modelyard.workspaces.ui;

import dev.modelyard.security.AppRole;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A workspace view that needs more than membership: opened by someone with a smaller role in the workspace, the
 * app's access-denied view says which role it needs, before the view is even created. The services check again.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiresWorkspaceRole {
    AppRole value();
}
