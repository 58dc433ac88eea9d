package dev.modelyard.audit;

import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Sign-ins into the audit history, from Spring Security's own events: a success only for an interactive sign-in
 * (the login form; an HTTP Basic request authenticates on every call and would drown the history), a failure for
 * every refused password, form or HTTP Basic. Refusals by the sign-in throttle are recorded where they happen.
 */
@Component
class SignInAudit {

    static final String SUCCEEDED = "auth.signin.succeeded";
    static final String FAILED = "auth.signin.failed";

    private final AuditService audit;

    SignInAudit(AuditService audit) {
        this.audit = audit;
    }

    @EventListener
    void succeeded(InteractiveAuthenticationSuccessEvent event) {
        audit.on(AuditEvent.signIn(SUCCEEDED, event.getAuthentication().getName(),
                address(event.getAuthentication()), Map.of("method", "form")));
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String reason = event.getException().getClass().getSimpleName().replace("Exception", "");
        audit.on(AuditEvent.signIn(FAILED, String.valueOf(event.getAuthentication().getName()),
                address(event.getAuthentication()), Map.of("reason", reason)));
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }
}
