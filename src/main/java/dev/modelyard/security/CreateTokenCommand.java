package dev.modelyard.security;

/**
 * A new personal access token.
 *
 * @param name          what the token is for, e.g. "ci-pipeline"; 1–100 characters
 * @param expiresInDays its lifetime, 1 to {@code modelyard.tokens.max-days}; null for the default
 * @param workspace     the only workspace it may reach; null for every workspace its user may reach
 * @param role          the highest role it may use (READER, CONTRIBUTOR, ADMIN); null for no limit beyond its user's
 */
public record CreateTokenCommand(String name, Integer expiresInDays, String workspace, String role) {
}
