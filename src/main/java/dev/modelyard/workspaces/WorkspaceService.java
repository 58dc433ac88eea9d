package dev.modelyard.workspaces;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserEvents;
import dev.modelyard.workspaces.internal.Workspace;
import dev.modelyard.workspaces.internal.WorkspaceMemberRepository;
import dev.modelyard.workspaces.internal.WorkspaceRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces and their members: who may see and do what where (docs/decisions/009-workspaces.md). */
@Service
public class WorkspaceService {

    /** The same rules as model names: they appear in URLs and tracking URIs. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final int MAX_DISPLAY_NAME = 255;
    private static final int MAX_DESCRIPTION = 2000;

    private final WorkspaceRepository workspaces;
    private final WorkspaceMemberRepository members;
    private final WorkspaceAccess access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WorkspaceService(WorkspaceRepository workspaces, WorkspaceMemberRepository members, WorkspaceAccess access,
                     ApplicationEventPublisher events, Clock clock) {
        this.workspaces = workspaces;
        this.members = members;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** The workspaces the caller is a member of (every workspace, for the platform admin), by name. */
    @Transactional(readOnly = true)
    public List<WorkspaceSummary> mine() {
        String user = CurrentUsername.get();
        if (access.isPlatformAdmin()) {
            return workspaces.findAllByName().stream().map(w -> summary(w, AppRole.ADMIN)).toList();
        }
        Map<Long, AppRole> roles = new HashMap<>();
        for (Object[] row : members.membershipsOf(user)) {
            roles.put(((Number) row[0]).longValue(), AppRole.valueOf((String) row[1]));
        }
        List<WorkspaceSummary> result = new ArrayList<>();
        for (Workspace w : workspaces.findAllByName()) {
            WorkspaceRef ref = new WorkspaceRef(w.id(), w.name());
            if (roles.containsKey(w.id())) {
                access.roleIn(ref).ifPresent(role -> result.add(summary(w, role)));
            }
        }
        return result;
    }

    /** One workspace with the caller's role in it; 404 when it does not exist or the caller is not a member. */
    @Transactional(readOnly = true)
    public WorkspaceSummary get(String name) {
        Workspace w = visible(name);
        return summary(w, access.roleIn(ref(w)).orElseThrow());
    }

    /** The workspace a request names, once the caller is known to be a member: what the web layers bind. */
    @Transactional(readOnly = true)
    public WorkspaceRef resolve(String name) {
        return ref(visible(name));
    }

    /** Platform admin: creates a workspace; its creator becomes its first admin, so it is never without one. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public WorkspaceSummary create(CreateWorkspaceCommand command) {
        String name = requireValidName(command.name());
        String display = command.displayName() == null || command.displayName().isBlank() ? name : command.displayName().strip();
        if (display.length() > MAX_DISPLAY_NAME || display.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("displayName", "a display name has at most " + MAX_DISPLAY_NAME
                    + " characters and no control characters");
        }
        if (command.description() != null && command.description().length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "a description has at most " + MAX_DESCRIPTION + " characters");
        }
        if (workspaces.findByNameKey(Workspace.keyOf(name)).isPresent()) {
            throw new ConflictException("workspace '" + name + "' exists");
        }
        String user = CurrentUsername.get();
        Instant now = clock.instant();
        Workspace w = workspaces.saveAndFlush(new Workspace(name, display, command.description(), user, now));
        members.userId(user).ifPresent(id -> members.insert(w.id(), id, AppRole.ADMIN.name(), now));
        events.publishEvent(new WorkspaceEvents.Created(ref(w), user));
        return summary(w, AppRole.ADMIN);
    }

    /** Members of a workspace and their roles; any member may look. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<WorkspaceMember> members() {
        return members.members(CurrentWorkspace.id()).stream()
                .map(row -> new WorkspaceMember((String) row[0], AppRole.valueOf((String) row[1]), instant(row[2])))
                .toList();
    }

    /**
     * Workspace admin: adds {@code username} with {@code role}, or changes their role; returns the member and the role
     * they had before (empty when new). Demoting the last admin is refused.
     */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional
    public MembershipChange setMember(String username, AppRole role) {
        if (role == null) {
            throw new InvalidInputException("role", "a role is required: READER, CONTRIBUTOR or ADMIN");
        }
        long userId = requireUser(username);
        long ws = CurrentWorkspace.id();
        Optional<AppRole> before = members.roleOf(ws, username).map(AppRole::valueOf);
        if (before.isEmpty()) {
            members.insert(ws, userId, role.name(), clock.instant());
        } else if (before.get() != role) {
            if (before.get() == AppRole.ADMIN && members.countAdmins(ws) <= 1) {
                throw new ConflictException("'" + username + "' is the last admin of workspace '" + CurrentWorkspace.name()
                        + "'; make someone else admin first");
            }
            members.changeRole(ws, userId, role.name());
        }
        return new MembershipChange(CurrentWorkspace.name(), username, before.orElse(null), role);
    }

    /** Workspace admin: removes a member; the last admin cannot be removed. Returns the role they had. */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional
    public MembershipChange removeMember(String username) {
        long userId = requireUser(username);
        long ws = CurrentWorkspace.id();
        AppRole before = members.roleOf(ws, username).map(AppRole::valueOf)
                .orElseThrow(() -> new NotFoundException("'" + SafeText.quote(username, 64) + "' is not a member of workspace '"
                        + CurrentWorkspace.name() + "'"));
        if (before == AppRole.ADMIN && members.countAdmins(ws) <= 1) {
            throw new ConflictException("'" + username + "' is the last admin of workspace '" + CurrentWorkspace.name()
                    + "' and cannot be removed");
        }
        members.delete(ws, userId);
        return new MembershipChange(CurrentWorkspace.name(), username, before, null);
    }

    /** The workspace the portal opens for the caller: the last one they worked in while still a member, else their first. */
    @Transactional(readOnly = true)
    public Optional<WorkspaceRef> startingWorkspace() {
        String user = CurrentUsername.get();
        Optional<WorkspaceRef> last = members.lastWorkspaceOf(user).flatMap(workspaces::findById).map(WorkspaceService::ref)
                .filter(ref -> access.roleIn(ref).isPresent());
        if (last.isPresent()) {
            return last;
        }
        return mine().stream().findFirst().map(s -> resolve(s.name()));
    }

    /** The platform admins' user names: whom someone without a workspace can ask. */
    @Transactional(readOnly = true)
    public List<String> platformAdmins() {
        return members.platformAdmins();
    }

    /** Remembers where the caller last worked, so the next sign-in opens there. */
    @Transactional
    public void rememberLastWorkspace(WorkspaceRef workspace) {
        members.rememberLastWorkspace(CurrentUsername.get(), workspace.id());
    }

    /** Someone created through the user API gets the role it named in {@code default}, as before workspaces existed. */
    @EventListener
    void onUserCreated(UserEvents.Created created) {
        members.userId(created.username()).ifPresent(id ->
                members.insert(WorkspaceRef.DEFAULT.id(), id, created.role().name(), clock.instant()));
    }

    /** A role change through the user API keeps meaning the user's role in {@code default}. */
    @EventListener
    void onUserRoleChanged(UserEvents.RoleChanged changed) {
        members.userId(changed.username()).ifPresent(id -> {
            if (members.roleOf(WorkspaceRef.DEFAULT.id(), changed.username()).isPresent()) {
                members.changeRole(WorkspaceRef.DEFAULT.id(), id, changed.role().name());
            } else {
                members.insert(WorkspaceRef.DEFAULT.id(), id, changed.role().name(), clock.instant());
            }
        });
    }

    /** Checks a workspace name against the naming rules; returns it. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "workspace name " + SafeText.quote(name, 80) + " is invalid: use 1–63 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private Workspace visible(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new WorkspaceNotFoundException(name);
        }
        Workspace w = workspaces.findByNameKey(Workspace.keyOf(name)).orElseThrow(() -> new WorkspaceNotFoundException(name));
        if (access.roleIn(ref(w)).isEmpty()) {
            throw new WorkspaceNotFoundException(name);
        }
        return w;
    }

    private long requireUser(String username) {
        return members.userId(username == null ? "" : username)
                .orElseThrow(() -> new NotFoundException("user '" + SafeText.quote(username, 64) + "' does not exist"));
    }

    private static WorkspaceRef ref(Workspace w) {
        return new WorkspaceRef(w.id(), w.name());
    }

    private static WorkspaceSummary summary(Workspace w, AppRole role) {
        return new WorkspaceSummary(w.name(), w.displayName(), w.description(), w.createdBy(), w.createdAt(), role);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }

    /** A membership change: who, where, the role before (null when added) and after (null when removed). */
    public record MembershipChange(String workspace, String username, AppRole before, AppRole after) {
    }
}
