package dev.modelyard.workspaces;

import dev.modelyard.security.AppRole;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a REST handler method: the caller needs at least this role in the request's workspace, checked before the
 * handler reads a byte of the body (a reader's 100 MB upload is refused before anything is staged). The service
 * called checks again; this check only makes the refusal early.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresWorkspaceRole {
    AppRole value();
}
