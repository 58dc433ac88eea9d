package dev.modelyard.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Personal access tokens.
 *
 * @param maxDays     the longest lifetime a personal access token may be given, in days
 * @param defaultDays the lifetime of a token whose creator names none (never more than {@code maxDays})
 */
@ConfigurationProperties("modelyard.tokens")
@Validated
public record TokensProperties(@Min(1) @Max(3650) @DefaultValue("365") int maxDays,
                               @Min(1) @Max(3650) @DefaultValue("30") int defaultDays) {

    public int effectiveDefaultDays() {
        return Math.min(defaultDays, maxDays);
    }
}
