package dev.modelyard.security;

import java.time.Instant;

public record UserSummary(String username, AppRole role, boolean enabled, Instant createdAt) {
}
