package dev.modelyard.security;

import java.time.Instant;

/**
 * A token as its owner sees it in lists: never the secret, only its first characters ({@code prefix}).
 * {@code status} is {@code active}, {@code expired} or {@code revoked}.
 */
public record TokenSummary(long id, String name, String prefix, String workspace, AppRole role, Instant createdAt,
                           Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String status) {
}
