package dev.modelyard.security;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When failed sign-ins pause further attempts (docs/decisions/016-audit-and-sign-in-throttling.md).
 *
 * @param userFailures    failures of one user name before its attempts are paused
 * @param addressFailures failures from one client address (any user names) before its attempts are paused
 * @param initialBackoff  the first pause; each further failure doubles it
 * @param maxBackoff      the longest pause
 * @param forgetAfter     how long after its last failure (or the end of its pause) a counter is forgotten
 * @param maxEntries      counters kept per kind (user names, addresses); the least recently used go first
 */
@ConfigurationProperties("modelyard.signin.throttle")
@Validated
public record SignInThrottleProperties(@Min(1) @DefaultValue("5") int userFailures,
                                       @Min(1) @DefaultValue("30") int addressFailures,
                                       @DefaultValue("30s") Duration initialBackoff,
                                       @DefaultValue("15m") Duration maxBackoff,
                                       @DefaultValue("1h") Duration forgetAfter,
                                       @Min(100) @DefaultValue("10000") int maxEntries) {
}
