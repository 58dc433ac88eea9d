package dev.modelyard.security;

import java.time.Instant;
import org.springframework.security.authentication.AccountStatusException;

/**
 * A sign-in refused, whatever the password, because too many failed before it: try again at {@code retryAt}.
 * An AccountStatusException, so Spring Security's ProviderManager stops at once instead of asking another
 * provider (or a parent manager) that might accept the password.
 */
public class SignInThrottledException extends AccountStatusException {

    private final Instant retryAt;

    public SignInThrottledException(Instant retryAt) {
        super("too many failed sign-ins; try again after " + retryAt);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
