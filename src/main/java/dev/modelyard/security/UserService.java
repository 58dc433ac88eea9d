package dev.modelyard.security;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.security.internal.AppUser;
import dev.modelyard.security.internal.AppUserRepository;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
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
    private final ApplicationEventPublisher events;

    UserService(AppUserRepository users, PasswordEncoder passwords, Clock clock, ApplicationEventPublisher events) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.events = events;
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

    /** Changes a user's role (ADMIN: platform admin; the role is also theirs in 'default'), whether they may sign in, or their password. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public UserSummary update(String username, UpdateUserCommand command) {
        AppUser user = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("user '" + SafeText.quote(username, 64) + "' does not exist"));
        if (command.password() != null) {
            requireStrongEnough(command.password());
            user.changePasswordHash(passwords.encode(command.password()));
        }
        if (command.role() != null) {
            user.changeRole(command.role());
            events.publishEvent(new UserEvents.RoleChanged(user.username(), command.role()));
        }
        if (command.enabled() != null) {
            user.enable(command.enabled());
        }
        return summary(user);
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
        requireStrongEnough(rawPassword);
        if (role == null) {
            throw new InvalidInputException("role", "a role is required: READER, CONTRIBUTOR or ADMIN");
        }
        if (users.existsByUsername(username)) {
            throw new ConflictException("user '" + username + "' exists");
        }
        AppUser user = users.saveAndFlush(new AppUser(username, passwords.encode(rawPassword), role, clock.instant()));
        events.publishEvent(new UserEvents.Created(user.username(), role));
        return summary(user);
    }

    private static void requireStrongEnough(String rawPassword) {
        if (rawPassword == null || rawPassword.length() < MIN_PASSWORD || rawPassword.length() > 128) {
            throw new InvalidInputException("password", "a password has " + MIN_PASSWORD + " to 128 characters");
        }
    }

    @Transactional(readOnly = true)
    boolean exists(String username) {
        return users.existsByUsername(username);
    }

    private static UserSummary summary(AppUser u) {
        return new UserSummary(u.username(), u.role(), u.enabled(), u.createdAt());
    }
}
