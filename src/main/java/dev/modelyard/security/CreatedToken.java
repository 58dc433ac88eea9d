package dev.modelyard.security;

import java.time.Instant;

/**
 * A token just created: {@code token} is the secret, shown this once and never again (only its hash is kept).
 * {@code workspace} is null for an unscoped token.
 */
public record CreatedToken(long id, String name, String token, Instant expiresAt, String workspace, AppRole role,
                           Instant createdAt) {

    /** Never the secret: records print their components, and this one may end up in a log line. */
    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", token=(secret), expiresAt=" + expiresAt
                + ", workspace=" + workspace + ", role=" + role + "]";
    }
}
