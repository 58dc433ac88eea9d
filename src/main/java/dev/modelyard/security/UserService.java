package dev.modelyard.security;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.security.internal.AppUser;
import dev.modelyard.security.internal.AppUserRepository;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users kept in the database, with hashed passwords. */
@Service
public class UserService implements UserDetailsService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MIN_PASSWORD = 8;

    private final AppUserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    UserService(AppUserRepository users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        AppUser user = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return User.withUsername(user.username())
                .password(user.passwordHash())
                .disabled(!user.enabled())
                .authorities(new SimpleGrantedAuthority(user.role().authority()))
                .build();
    }

    /** Creates a user; 409 when the name is taken. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public UserSummary create(String username, String rawPassword, AppRole role) {
        return createUnchecked(username, rawPassword, role);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public List<UserSummary> list() {
        return users.findAll().stream().map(UserService::summary).toList();
    }

    /** For start-up only, before anyone is signed in. */
    @Transactional
    UserSummary createUnchecked(String username, String rawPassword, AppRole role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "a username is 1–64 letters, digits, '.', '_' or '-'");
        }
        if (rawPassword == null || rawPassword.length() < MIN_PASSWORD) {
            throw new InvalidInputException("password", "a password has at least " + MIN_PASSWORD + " characters");
        }
        if (users.existsByUsername(username)) {
            throw new ConflictException("user '" + username + "' exists");
        }
        AppUser user = users.save(new AppUser(username, passwords.encode(rawPassword), role, clock.instant()));
        return summary(user);
    }

    @Transactional(readOnly = true)
    boolean exists(String username) {
        return users.existsByUsername(username);
    }

    private static UserSummary summary(AppUser u) {
        return new UserSummary(u.username(), u.role(), u.enabled(), u.createdAt());
    }
}
