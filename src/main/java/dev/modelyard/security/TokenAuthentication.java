package dev.modelyard.security;

import java.util.Collection;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request signed in with an access token: its principal is a {@link TokenPrincipal}, its name the user's name,
 * its authorities the user's capped at the token's maximum role. No credentials are kept.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

    private final Principal principal;

    TokenAuthentication(Principal principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Principal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.username();
    }

    /** What the token carries; {@code tokenId} lets a token revoke itself. */
    public static final class Principal implements TokenPrincipal, AuthenticatedPrincipal {
        private final long tokenId;
        private final String username;
        private final String tokenName;
        private final String workspaceScope;
        private final AppRole maxRole;
        private final String jobName;

        Principal(long tokenId, String username, String tokenName, String workspaceScope, AppRole maxRole,
                  String jobName) {
            this.tokenId = tokenId;
            this.username = username;
            this.tokenName = tokenName;
            this.workspaceScope = workspaceScope;
            this.maxRole = maxRole;
            this.jobName = jobName;
        }

        public long tokenId() { return tokenId; }
        @Override public String username() { return username; }
        @Override public String getName() { return username; }
        @Override public String tokenName() { return tokenName; }
        @Override public Optional<String> workspaceScope() { return Optional.ofNullable(workspaceScope); }
        @Override public AppRole maxRole() { return maxRole; }
        @Override public Optional<String> jobName() { return Optional.ofNullable(jobName); }

        @Override
        public String toString() {
            return "TokenPrincipal[user=" + username + ", token=" + tokenName + "]";
        }
    }
}
