package dev.modelyard.security;

/** Published inside the user service's transactions, so that listeners commit or roll back with the change. */
public final class UserEvents {

    private UserEvents() {
    }

    /** A user was created with {@code role}: ADMIN makes a platform admin; the role is also theirs in 'default'. */
    public record Created(String username, AppRole role) {
    }

    public record RoleChanged(String username, AppRole role) {
    }
}
