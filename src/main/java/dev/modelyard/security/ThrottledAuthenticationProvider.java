package dev.modelyard.security;

import dev.modelyard.base.AuditEvent;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (the login form and HTTP Basic alike) behind the {@link SignInThrottle}: a paused user name or
 * address is refused before the password is even checked, so a right guess during the pause teaches nothing.
 * The first refusal of each pause is audited as {@code auth.signin.throttled}; refused attempts are not counted
 * as failures, so waiting out the pause is enough.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    static final String THROTTLED = "auth.signin.throttled";

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final ApplicationEventPublisher events;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, SignInThrottle throttle,
                                    ApplicationEventPublisher events) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String user = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Optional<SignInThrottle.Refusal> refusal = throttle.check(user, address);
        if (refusal.isPresent()) {
            if (refusal.get().firstRefusal()) {
                events.publishEvent(AuditEvent.signIn(THROTTLED, user, address, Map.of(
                        "pausedBy", refusal.get().scope(), "retryAt", refusal.get().retryAt().toString())));
            }
            throw new SignInThrottledException(refusal.get().retryAt());
        }
        try {
            Authentication result = passwords.authenticate(attempt);
            if (result != null) {
                throttle.succeeded(user);
            }
            return result;
        } catch (InternalAuthenticationServiceException outage) {
            // the user could not be looked up (database out): no one's password was wrong
            throw outage;
        } catch (AuthenticationException failed) {
            throttle.failed(user, address);
            throw failed;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
