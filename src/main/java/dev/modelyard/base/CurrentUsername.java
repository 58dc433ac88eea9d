package dev.modelyard.base;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user's name, recorded as created-by on what they make. */
public final class CurrentUsername {

    private CurrentUsername() {
    }

    public static String get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null) {
            throw new IllegalStateException("no signed-in user");
        }
        return auth.getName();
    }
}
