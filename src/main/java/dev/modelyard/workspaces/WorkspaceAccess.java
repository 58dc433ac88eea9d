package dev.modelyard.workspaces;

import dev.modelyard.security.AppRole;
import dev.modelyard.security.TokenLimits;
import dev.modelyard.security.TokenPrincipal;
import dev.modelyard.workspaces.internal.WorkspaceMemberRepository;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's role in the current workspace, for method security: {@code @PreAuthorize("@ws.has('CONTRIBUTOR')")}.
 * A platform admin is ADMIN everywhere; anyone else has the role their membership gives; a token never exceeds its
 * maximum role and never leaves its workspace. A caller with no role at all in a bound workspace gets
 * {@link WorkspaceNotFoundException} (404, as if it did not exist), one with too small a role {@code false}
 * (403). See docs/decisions/009-workspaces.md.
 */
@Component("ws")
public class WorkspaceAccess {

    /** How long one thread reuses a role it looked up: a page render asks many times, a change shows within it. */
    private static final long MEMO_NANOS = 1_000_000_000L;
    private static final ThreadLocal<Memo> MEMO = new ThreadLocal<>();

    private final WorkspaceMemberRepository members;

    WorkspaceAccess(WorkspaceMemberRepository members) {
        this.members = members;
    }

    /** For {@code @PreAuthorize}: whether the caller has at least {@code role} in the current workspace. */
    public boolean has(String role) {
        AppRole needed = AppRole.valueOf(role);
        Optional<AppRole> actual = role();
        if (actual.isEmpty()) {
            if (CurrentWorkspace.isBound() && signedIn(auth())) {
                throw new WorkspaceNotFoundException(CurrentWorkspace.name());
            }
            return false;
        }
        return actual.get().ordinal() >= needed.ordinal();
    }

    /** For the portal: whether the caller has at least {@code role} here; never throws (views hide what they can't do). */
    public boolean atLeast(AppRole role) {
        return role().map(r -> r.ordinal() >= role.ordinal()).orElse(false);
    }

    /** Refuses unless the caller has at least {@code role}: 404 for non-members, 403 for too small a role. */
    public void require(AppRole role) {
        if (!has(role.name())) {
            throw new AccessDeniedException("this needs the " + role.name() + " role in workspace '"
                    + CurrentWorkspace.name() + "'");
        }
    }

    /** The caller's role in the current workspace, if any. */
    public Optional<AppRole> role() {
        return roleIn(CurrentWorkspace.get(), CurrentWorkspace.isBound());
    }

    /** The caller's role in {@code workspace}, whatever is bound. */
    public Optional<AppRole> roleIn(WorkspaceRef workspace) {
        return roleIn(workspace, true);
    }

    /** Whether the caller is the platform admin (creates users and workspaces, administers every workspace). */
    public boolean isPlatformAdmin() {
        Authentication auth = auth();
        if (!signedIn(auth)) {
            return false;
        }
        if (auth.getPrincipal() instanceof TokenPrincipal token) {
            return token.maxRole() == AppRole.ADMIN && token.workspaceScope().isEmpty()
                    && lookUpGlobalAdmin(token.username());
        }
        return hasAuthority(auth, AppRole.ADMIN);
    }

    private Optional<AppRole> roleIn(WorkspaceRef workspace, boolean byMembership) {
        Authentication auth = auth();
        if (!signedIn(auth)) {
            return Optional.empty();
        }
        if (!byMembership) {
            return authoritiesRole(auth);
        }
        Memo memo = MEMO.get();
        long now = System.nanoTime();
        if (memo != null && memo.auth == auth && memo.workspaceId == workspace.id() && now - memo.at < MEMO_NANOS) {
            return memo.role;
        }
        Optional<AppRole> role = lookUp(auth, workspace);
        MEMO.set(new Memo(auth, workspace.id(), role, now));
        return role;
    }

    private Optional<AppRole> lookUp(Authentication auth, WorkspaceRef workspace) {
        if (!TokenLimits.mayReach(auth, workspace.name())) {
            return Optional.empty();
        }
        Optional<TokenPrincipal> token = TokenLimits.of(auth);
        String user = token.map(TokenPrincipal::username).orElse(auth.getName());
        // a token's authorities are capped already, so whether its user is the platform admin is looked up
        boolean platformAdmin = token.isPresent() ? lookUpGlobalAdmin(user) : hasAuthority(auth, AppRole.ADMIN);
        Optional<AppRole> role = platformAdmin ? Optional.of(AppRole.ADMIN) : membership(workspace.id(), user);
        return role.map(r -> TokenLimits.cap(auth, r));
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    Optional<AppRole> membership(long workspaceId, String username) {
        return members.roleOf(workspaceId, username).map(AppRole::valueOf);
    }

    private boolean lookUpGlobalAdmin(String username) {
        return members.globalRoleOf(username).map(AppRole.ADMIN.name()::equals).orElse(false);
    }

    /** In-process callers (nothing bound): the highest role their authorities name. */
    private static Optional<AppRole> authoritiesRole(Authentication auth) {
        for (int i = AppRole.values().length - 1; i >= 0; i--) {
            if (hasAuthority(auth, AppRole.values()[i])) {
                return Optional.of(AppRole.values()[i]);
            }
        }
        return Optional.empty();
    }

    private static boolean hasAuthority(Authentication auth, AppRole role) {
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (role.authority().equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    private static Authentication auth() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    private static boolean signedIn(Authentication auth) {
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }

    private record Memo(Authentication auth, long workspaceId, Optional<AppRole> role, long at) {
    }
}
