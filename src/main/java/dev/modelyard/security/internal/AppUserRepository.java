package dev.modelyard.security.internal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AppUserRepository extends JpaRepository<AppUser, Long> {
    /** Looks a user up by {@link AppUser#keyOf}: user names are case-insensitive. */
    Optional<AppUser> findByUsernameKey(String usernameKey);

    boolean existsByUsernameKey(String usernameKey);
}
