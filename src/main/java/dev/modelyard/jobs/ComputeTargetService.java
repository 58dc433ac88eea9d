package dev.modelyard.jobs;

import dev.modelyard.audit.AuditService;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.internal.StoredComputeTarget;
import dev.modelyard.jobs.internal.StoredComputeTargetRepository;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compute targets as resources of a workspace: the built-in {@code local} one and those its admins create.
 * docs/decisions/020-azureml-surface.md.
 */
@Service
public class ComputeTargetService {

    /** Azure ML's compute name rule: 2–32 letters, digits and '-', starting with a letter. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,31}");

    private final ComputeRegistry registry;
    private final StoredComputeTargetRepository stored;
    private final AuditService audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JobQueue queue;

    ComputeTargetService(ComputeRegistry registry, StoredComputeTargetRepository stored, AuditService audit,
                         TransactionTemplate transactions, Clock clock, JobQueue queue) {
        this.queue = queue;
        this.registry = registry;
        this.stored = stored;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The targets a job of the current workspace may name, with how busy each is. */
    @PreAuthorize("@ws.has('READER')")
    public List<ComputeTarget> list() {
        long ws = CurrentWorkspace.id();
        return registry.all(ws).stream().map(e -> target(ws, e)).toList();
    }

    /** One target of the current workspace; 404 listing the known ones. */
    @PreAuthorize("@ws.has('READER')")
    public ComputeTarget get(String name) {
        long ws = CurrentWorkspace.id();
        return registry.find(ws, name).map(e -> target(ws, e))
                .orElseThrow(() -> new ComputeTargetNotFoundException(name, known(ws)));
    }

    /** The names a job of the workspace may use, comma-separated, for error messages. */
    public String known(long workspaceId) {
        return registry.all(workspaceId).stream().map(ComputeExecutor::name).collect(Collectors.joining(", "));
    }

    /** Creates a target; it takes jobs at once. 400 for a bad definition or an unserved kind, 409 for a taken name. */
    @PreAuthorize("@ws.has('ADMIN')")
    public ComputeTarget create(CreateComputeTargetCommand command) {
        long ws = CurrentWorkspace.id();
        String name = command.name() == null ? "" : command.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "a compute name is 2–32 letters, digits or '-', starting with a letter");
        }
        String kind = command.kind() == null || command.kind().isBlank() ? "local" : command.kind().strip();
        ComputeExecutorFactory factory = registry.factory(kind).orElseThrow(() -> new InvalidInputException("kind",
                "compute kind " + SafeText.quote(kind, 40) + " is not available on this server; available kinds: "
                        + String.join(", ", registry.kinds())));
        if (registry.isBuiltIn(name) || registry.find(ws, name).isPresent()) {
            throw new ConflictException("a compute target named '" + name + "' already exists in this workspace");
        }
        if (command.description() != null && command.description().length() > 2000) {
            throw new InvalidInputException("description", "a description is at most 2000 characters");
        }
        ComputeTargetDefinition definition = new ComputeTargetDefinition(ws, name, kind,
                command.slots() == null ? 1 : command.slots(), blankToNull(command.address()), command.resources());
        try {
            factory.validate(definition);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        ComputeTargetDefinition saved;
        try {
            // the definition as stored, which is what the other nodes read (ComputeRegistry.synchronize)
            saved = transactions.execute(tx -> {
                StoredComputeTarget row = stored.saveAndFlush(new StoredComputeTarget(definition, command.description(),
                        CurrentUsername.get(), clock.instant()));
                audit.record("compute.created", "compute:" + name, null, describe(definition));
                return row.definition();
            });
        } catch (DataIntegrityViolationException taken) {
            throw new ConflictException("a compute target named '" + name + "' already exists in this workspace");
        }
        registry.add(saved, factory);
        return get(name);
    }

    /** Deletes a created target; 409 while jobs wait or run on it, 400 for a built-in one. */
    @PreAuthorize("@ws.has('ADMIN')")
    public void delete(String name) {
        long ws = CurrentWorkspace.id();
        if (registry.isBuiltIn(name) && registry.definition(ws, name).isEmpty()) {
            throw new InvalidInputException("name", "'" + name + "' is built in and cannot be deleted");
        }
        ComputeExecutor executor = registry.find(ws, name)
                .orElseThrow(() -> new ComputeTargetNotFoundException(name, known(ws)));
        // every node's jobs, not only those this node holds: a job queued on another node would be left without
        // a target to run on
        JobQueue.Load load = queue.load(ws, executor.name(), true);
        if (load.started() + load.queued() > 0) {
            throw new ConflictException("compute target '" + name + "' has " + load.started() + " running and "
                    + load.queued() + " queued job(s); cancel them or let them finish first");
        }
        ComputeTargetDefinition definition = registry.definition(ws, name).orElseThrow();
        transactions.executeWithoutResult(tx -> {
            stored.findOne(ws, name).ifPresent(stored::delete);
            audit.record("compute.deleted", "compute:" + name, describe(definition), null);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    registry.remove(ws, name);
                }
            });
        });
    }

    private ComputeTarget target(long ws, ComputeExecutor e) {
        var definition = registry.definition(ws, e.name());
        String description = definition.isEmpty() ? "built in: jobs run as processes on the Modelyard host"
                : stored.findOne(ws, e.name()).map(StoredComputeTarget::description).orElse(null);
        JobQueue.Load load = queue.load(ws, e.name()); // every node's jobs, not only this node's
        return new ComputeTarget(e.name(), definition.map(ComputeTargetDefinition::kind).orElse(e.kind()), e.slots(),
                load.started(), load.queued(), definition.isEmpty(), definition.map(ComputeTargetDefinition::address).orElse(null),
                definition.map(ComputeTargetDefinition::resources).orElse(null), description);
    }

    private static Map<String, Object> describe(ComputeTargetDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind());
        m.put("slots", d.slots());
        if (d.address() != null) {
            m.put("address", d.address());
        }
        if (d.resources() != null) {
            m.put("resources", d.resources());
        }
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
