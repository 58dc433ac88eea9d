package dev.modelyard.security;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused, whatever the password, because too many failed before it: try again at {@code retryAt}. */
public class SignInThrottledException extends AuthenticationException {

    private final Instant retryAt;

    public SignInThrottledException(Instant retryAt) {
        super("too many failed sign-ins; try again after " + retryAt);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
