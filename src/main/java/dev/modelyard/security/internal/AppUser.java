package dev.modelyard.security.internal;

import dev.modelyard.security.AppRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String username;

    /** The lower-cased name: unique, and what sign-in looks up, so 'ADMIN' and 'admin' are one user. */
    @Column(name = "username_key", nullable = false, length = 80)
    private String usernameKey;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private AppRole role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AppUser() {
    }

    public AppUser(String username, String passwordHash, AppRole role, Instant createdAt) {
        this.username = username;
        this.usernameKey = keyOf(username);
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    /** User names are unique regardless of case; this is the form the unique constraint and sign-in see. */
    public static String keyOf(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public void changeRole(AppRole newRole) {
        this.role = newRole;
    }

    public void enable(boolean value) {
        this.enabled = value;
    }

    public void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
    }

    public String username() { return username; }
    public String passwordHash() { return passwordHash; }
    public AppRole role() { return role; }
    public boolean enabled() { return enabled; }
    public Instant createdAt() { return createdAt; }
}
