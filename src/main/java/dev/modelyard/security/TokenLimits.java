package dev.modelyard.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * The limits a token puts on a request, for the per-workspace checks: which workspace it may reach and the
 * highest role it may use there. A request signed in with a password has no such limits.
 */
public final class TokenLimits {

    private TokenLimits() {
    }

    /** The token behind {@code auth}, if the request was signed in with one. */
    public static Optional<TokenPrincipal> of(Authentication auth) {
        return auth != null && auth.getPrincipal() instanceof TokenPrincipal token ? Optional.of(token) : Optional.empty();
    }

    /**
     * Whether the request may reach the workspace named {@code workspace} at all (membership aside): yes with a
     * password or an unscoped token; with a scoped token only its own workspace. Compare case-insensitively, as
     * workspace names are unique that way. A workspace it may not reach should answer 404, like a missing one.
     */
    public static boolean mayReach(Authentication auth, String workspace) {
        return of(auth).flatMap(TokenPrincipal::workspaceScope).map(scope -> scope.equalsIgnoreCase(workspace)).orElse(true);
    }

    /** The role the request may use where its user holds {@code role}: no higher than the token's maximum. */
    public static AppRole cap(Authentication auth, AppRole role) {
        return of(auth).map(TokenPrincipal::maxRole).filter(max -> max.ordinal() < role.ordinal()).orElse(role);
    }
}
