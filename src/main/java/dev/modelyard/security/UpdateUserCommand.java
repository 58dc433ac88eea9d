package dev.modelyard.security;

/** What an admin changes about a user; a null field stays as it is. */
public record UpdateUserCommand(AppRole role, Boolean enabled, String password) {
}
