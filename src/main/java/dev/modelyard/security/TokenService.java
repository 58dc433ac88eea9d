package dev.modelyard.security;

import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.base.SafeText;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.security.internal.AccessToken;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.security.internal.AccessTokenRepository;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.security.internal.AppUser;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import dev.modelyard.security.internal.AppUserRepository;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.time.Clock;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.time.Duration;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.time.Instant;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.util.List;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.util.Locale;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import java.util.Optional;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContextHolder;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import dev.modelyard.base.AuditEvent;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access tokens: personal ones (create, list, revoke) and jobs' own; and the check of a presented token, which
 * reads the token row on every request so a revocation or expiry takes effect on the very next one.
 * See docs/decisions/015-access-tokens.md.
 */
@Service
public class TokenService {

    /** A token's last use is written at most this often: no database write per request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** A job's token outlives the job's timeout and kill grace by this much at most, for the time before it starts. */
    static final Duration JOB_TOKEN_MARGIN = Duration.ofMinutes(5);
    static final int MAX_NAME = 100;

    private final AccessTokenRepository tokens;
    private final AppUserRepository users;
    private final WorkspaceDirectory workspaces;
    private final TokensProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TokenService(AccessTokenRepository tokens, AppUserRepository users, WorkspaceDirectory workspaces,
                 TokensProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.tokens = tokens;
        this.users = users;
        this.workspaces = workspaces;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Creates a personal access token for the signed-in user; the result carries the secret, which is not kept and
     * cannot be shown again. A request signed in with a token may not create tokens (403).
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public CreatedToken create(CreateTokenCommand command) {
        if (signedInToken().isPresent()) {
            throw new AccessDeniedException("a token cannot create tokens");
        }
        String username = CurrentUsername.get();
        AppUser user = users.findByUsernameKey(AppUser.keyOf(username)).orElseThrow(() -> new AccessDeniedException("unknown user"));
        String name = validName(command.name());
        int days = validDays(command.expiresInDays());
        AppRole role = validRole(command.role());
        WorkspaceDirectory.Entry scope = null;
        if (command.workspace() != null && !command.workspace().isBlank()) {
            String asked = command.workspace().strip();
            // a workspace the caller may not see answers exactly as one that does not exist
            scope = workspaces.findForMember(asked, username).orElseThrow(() ->
                    new InvalidInputException("workspace", "unknown workspace " + SafeText.quote(asked, 64)));
        }
        Instant now = clock.instant();
        if (tokens.existsActiveNamed(username, name, now)) {
            throw new ConflictException("you already have an active token named " + SafeText.quote(name, MAX_NAME)
                    + "; choose another name or revoke that one first");
        }
        String secret = TokenSecrets.generate();
        AccessToken token = tokens.save(new AccessToken(user, name, TokenSecrets.hash(secret),
                TokenSecrets.displayPrefix(secret), scope == null ? null : scope.id(), role, null, null, now,
                now.plus(Duration.ofDays(days))));
        // never the secret: what the token may do and until when
        events.publishEvent(AuditEvent.global("token.created", "token:" + token.name(), null, Map.of(
                "workspace", scope == null ? "any" : scope.name(), "role", token.maxRole().name(),
                "expiresAt", token.expiresAt().toString())));
        return new CreatedToken(token.id(), token.name(), secret, token.expiresAt(), scope == null ? null : scope.name(),
                token.maxRole(),
                token.createdAt());
    }

    /** The signed-in user's personal tokens, newest first, revoked and expired ones included; never a secret. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<TokenSummary> list() {
        Instant now = clock.instant();
        return tokens.findPersonal(CurrentUsername.get()).stream().map(t -> summary(t, now)).toList();
    }

    /** The workspaces the signed-in user may limit a token to. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<String> scopeChoices() {
        return workspaces.namesFor(CurrentUsername.get());
    }

    /**
     * Revokes a token at once (again: no effect). Own tokens only, or any token for a platform admin signed in with
     * a password; anyone else's token is 404, as if it did not exist. A request signed in with a token may revoke
     * only that token.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void revoke(long id) {
        Optional<TokenAuthentication.Principal> viaToken = signedInToken();
        AccessToken token = tokens.findWithUser(id).orElseThrow(() -> notFound(id));
        boolean own = token.user().username().equals(CurrentUsername.get());
        if (viaToken.isPresent()) {
            if (!own) {
                throw notFound(id);
            }
            if (viaToken.get().tokenId() != id) {
                throw new AccessDeniedException("a token may revoke only itself");
            }
        } else if (!own && !isPlatformAdmin()) {
            throw notFound(id);
        }
        token.revoke(clock.instant());
        events.publishEvent(AuditEvent.global("token.revoked", "token:" + token.name(),
                Map.of("owner", token.user().username(), "id", id), null));
    }

    /**
     * Checks a presented bearer token: accepted when it exists, is neither revoked nor expired, and its user may
     * sign in. Records the use at most once a minute.
     */
    @Transactional
    public Optional<TokenAuthentication> authenticate(String presented) {
        if (presented == null || !TokenSecrets.looksLikeToken(presented)) {
            return Optional.empty();
        }
        Optional<AccessToken> found = tokens.findBySecretHash(TokenSecrets.hash(presented));
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().usableAt(now) || !found.get().user().enabled()) {
            return Optional.empty();
        }
        AccessToken token = found.get();
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            tokens.touch(token.id(), now, now.minus(LAST_USED_RESOLUTION));
        }
        AppUser user = token.user();
        AppRole effective = lower(user.role(), token.maxRole());
        var principal = new TokenAuthentication.Principal(token.id(), user.username(), token.name(),
                token.workspaceName(), token.maxRole(), token.jobName());
        return Optional.of(new TokenAuthentication(principal, List.of(new SimpleGrantedAuthority(effective.authority()))));
    }

    /**
     * Issues the token of a job about to start, for the job runner only: it acts for {@code username} in the job's
     * workspace alone, as CONTRIBUTOR at most, and expires after {@code validFor} (the job's timeout and grace) even
     * if nothing revokes it. The secret is returned once and never stored. Empty when the user no longer exists:
     * nobody is left for a token to act for.
     */
    @Transactional
    public Optional<JobToken> issueForJob(long jobId, String jobName, String username, long workspaceId,
                                          Duration validFor) {
        Optional<AppUser> found = users.findByUsernameKey(AppUser.keyOf(username));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AppUser user = found.get();
        Instant now = clock.instant();
        Duration lifetime = validFor.plus(JOB_TOKEN_MARGIN);
        Duration longest = Duration.ofDays(properties.maxDays());
        Instant expires = now.plus(lifetime.compareTo(longest) > 0 ? longest : lifetime);
        String secret = TokenSecrets.generate();
        AccessToken token = tokens.save(new AccessToken(user, jobName, TokenSecrets.hash(secret),
                TokenSecrets.displayPrefix(secret), workspaceId, AppRole.CONTRIBUTOR, jobId, jobName, now, expires));
        return Optional.of(new JobToken(token.id(), secret));
    }

    /** Revokes a job's token when the job's process has ended; for the job runner only. */
    @Transactional
    public void revokeJobToken(long tokenId) {
        tokens.findById(tokenId).ifPresent(t -> t.revoke(clock.instant()));
    }

    /**
     * Revokes the tokens of one job whose process is gone (a node that ran it stopped); for the jobs' settling only.
     * With several nodes, a start must not revoke every job token: other nodes' jobs still run with theirs.
     */
    @Transactional
    public int revokeTokensOfJob(String jobName) {
        return tokens.revokeJobTokens(jobName, clock.instant());
    }

    private String validName(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "a token name is 1–" + MAX_NAME
                    + " characters without control characters, e.g. ci-pipeline");
        }
        return name;
    }

    private int validDays(Integer days) {
        if (days == null) {
            return properties.effectiveDefaultDays();
        }
        if (days < 1 || days > properties.maxDays()) {
            throw new InvalidInputException("expiresInDays", "a token expires in 1 to " + properties.maxDays() + " days");
        }
        return days;
    }

    private static AppRole validRole(String raw) {
        if (raw == null || raw.isBlank()) {
            return AppRole.ADMIN; // no limit beyond the user's own roles
        }
        try {
            return AppRole.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "a token's role is READER, CONTRIBUTOR or ADMIN, not "
                    + SafeText.quote(raw, 32));
        }
    }

    private static AppRole lower(AppRole a, AppRole b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static TokenSummary summary(AccessToken t, Instant now) {
        String status = t.revokedAt() != null ? "revoked" : now.isBefore(t.expiresAt()) ? "active" : "expired";
        return new TokenSummary(t.id(), t.name(), t.displayPrefix(), t.workspaceName(), t.maxRole(), t.createdAt(),
                t.expiresAt(), t.lastUsedAt(), t.revokedAt(), status);
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no token with id " + id);
    }

    private static Optional<TokenAuthentication.Principal> signedInToken() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof TokenAuthentication t ? Optional.of(t.getPrincipal()) : Optional.empty();
    }

    private static boolean isPlatformAdmin() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(AppRole.ADMIN.authority()));
    }
}
