package dev.modelyard;

import com.vaadin.flow.component.UI;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The users every integration test can sign in as. */
public final class TestUsers {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String READER = "rita-reader";
    public static final String CONTRIBUTOR = "carl-contributor";
    public static final String PASSWORD = "password-for-tests";

    private TestUsers() {
    }

    /** Creates the reader and contributor once per application context. */
    public static synchronized void ensureCreated(UserService users) {
        runAs("admin", AppRole.ADMIN, () -> {
            List<String> existing = users.list().stream().map(u -> u.username()).toList();
            if (!existing.contains(READER)) {
                users.create(READER, PASSWORD, AppRole.READER);
            }
            if (!existing.contains(CONTRIBUTOR)) {
                users.create(CONTRIBUTOR, PASSWORD, AppRole.CONTRIBUTOR);
            }
        });
    }

    /**
     * Runs {@code action} signed in as {@code user} on this thread, in-process: nothing binds a workspace (not even a
     * Karibu UI current on the thread), so it acts in 'default' with {@code role}, whether or not such a user exists.
     */
    public static void runAs(String user, AppRole role, Runnable action) {
        UI ui = UI.getCurrent();
        UI.setCurrent(null);
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(role.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
            UI.setCurrent(ui);
        }
    }
}
