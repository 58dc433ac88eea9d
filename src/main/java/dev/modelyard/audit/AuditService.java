package dev.modelyard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.audit.internal.AuditEntry;
import dev.modelyard.audit.internal.AuditEntryRepository;
import dev.modelyard.audit.internal.AuditQueries;
import dev.modelyard.base.AuditEvent;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.security.TokenPrincipal;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit history: records who changed what (append only: nothing here or anywhere changes or deletes an
 * entry) and lists it for workspace admins. A record joins the caller's transaction, so a change that rolls
 * back leaves no entry; called outside one (sign-ins) it commits on its own.
 */
@Service
public class AuditService {

    /** Longest before/after JSON kept; a longer one is replaced by a note of its length. */
    static final int MAX_JSON = 200_000;
    static final String SYSTEM = "system";

    private final AuditEntryRepository entries;
    private final AuditQueries queries;
    private final ObjectMapper json;
    private final Clock clock;

    AuditService(AuditEntryRepository entries, AuditQueries queries, ObjectMapper json, Clock clock) {
        this.entries = entries;
        this.queries = queries;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a change in the current workspace by the signed-in user or token.
     *
     * @param action a stable dotted name such as {@code model.version.tags.changed}
     * @param target what changed, as {@link AuditTargets} names it ({@code model:fraud/3})
     * @param before the old value (a map or record, serialised as JSON), null for a creation
     * @param after  the new value, null for a removal
     */
    @Transactional
    public void record(String action, String target, Object before, Object after) {
        write(CurrentWorkspace.get().id(), null, action, target, before, after, null);
    }

    /** Records a change that belongs to no workspace (users, platform settings). */
    @Transactional
    public void recordGlobal(String action, String target, Object before, Object after) {
        write(null, null, action, target, before, after, null);
    }

    /** Records what features below the audit publish (security, workspaces), in their transaction. */
    @EventListener
    @Transactional
    public void on(AuditEvent event) {
        Long workspace = event.global() ? null : CurrentWorkspace.get().id();
        write(workspace, event.actor(), event.action(), event.target(), event.before(), event.after(),
                event.clientAddress());
    }

    /** The current workspace's history, newest first; for its admins. */
    @PreAuthorize("@ws.has('ADMIN')")
    @Transactional(readOnly = true)
    public Slice<AuditRecord> search(AuditFilter filter, Pageable page) {
        requireRange(filter);
        WorkspaceRef ws = CurrentWorkspace.get();
        return queries.find(ws.id(), filter.actor(), filter.action(), null, filter.from(), filter.to(), page)
                .map(e -> toRecord(e, ws.name()));
    }

    /** The entries of no workspace (user administration, sign-ins), newest first; for platform admins. */
    @PreAuthorize("@ws.isPlatformAdmin()")
    @Transactional(readOnly = true)
    public Slice<AuditRecord> searchGlobal(AuditFilter filter, Pageable page) {
        requireRange(filter);
        return queries.find(null, filter.actor(), filter.action(), null, filter.from(), filter.to(), page)
                .map(e -> toRecord(e, null));
    }

    /**
     * The history of the given targets in the current workspace, newest first: what a History tab shows to
     * anyone who may read the thing itself (for a version, its own and its model's entries).
     */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public Slice<AuditRecord> history(Collection<String> targets, Pageable page) {
        WorkspaceRef ws = CurrentWorkspace.get();
        return queries.find(ws.id(), null, null, List.copyOf(targets), null, null, page)
                .map(e -> toRecord(e, ws.name()));
    }

    private void write(Long workspaceId, String explicitActor, String action, String target, Object before,
                       Object after, String clientAddress) {
        String[] who = explicitActor != null ? new String[] {explicitActor, "password"} : actorAndVia();
        entries.save(new AuditEntry(clock.instant(), bounded(who[0], 64), bounded(who[1], 300), workspaceId,
                bounded(action, 100), bounded(target, 600), toJson(before), toJson(after),
                bounded(clientAddress, 64)));
    }

    /** The signed-in user and how: a token (personal or a job's) or a password. */
    private static String[] actorAndVia() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null) {
            return new String[] {SYSTEM, SYSTEM};
        }
        TokenPrincipal token = auth.getPrincipal() instanceof TokenPrincipal p ? p
                : auth instanceof TokenPrincipal p ? p : null;
        if (token == null) {
            return new String[] {auth.getName(), "password"};
        }
        String via = token.jobName().map(job -> "job:" + job).orElseGet(() -> "token:" + token.tokenName());
        return new String[] {token.username(), via};
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            String text = json.writeValueAsString(value);
            return text.length() <= MAX_JSON ? text : json.writeValueAsString(Map.of("truncated", true, "length", text.length()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit value is not serialisable: " + value.getClass().getName(), e);
        }
    }

    /** User-typed text (a sign-in attempt's user name) is hostile: no control characters, bounded length. */
    private static String bounded(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }

    private static void requireRange(AuditFilter filter) {
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new InvalidInputException("from", "'from' must be before 'to'");
        }
    }

    private static AuditRecord toRecord(AuditEntry e, String workspace) {
        return new AuditRecord(e.at(), e.actor(), e.via(), workspace, e.action(), e.target(), e.beforeJson(),
                e.afterJson(), e.clientAddress());
    }
}
