package dev.modelyard.security;

/** A new user: name, initial password and role. */
public record CreateUserCommand(String username, String password, AppRole role) {
}
