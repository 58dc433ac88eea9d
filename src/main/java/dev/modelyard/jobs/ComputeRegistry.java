package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.StoredComputeTarget;
import dev.modelyard.jobs.internal.StoredComputeTargetRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.modelyard.base.startup.StartupTask;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Resolves (workspace, compute name) to the executor that runs the job. The built-in executors (Spring beans such
 * as {@code local}) exist in every workspace; the targets an admin created exist in theirs, each with an executor
 * made by the factory of its kind. docs/decisions/020-azureml-surface.md.
 *
 * <p>The stored targets are the truth; each node's executors follow them. A target created or deleted through
 * another node reaches this one when a job or a page names it, and at the latest at the next
 * {@code modelyard.jobs.computes.sync-every} (5 s), so this node's queue claims for it too (decision 021).
 */
@Component
@Order(10)
public class ComputeRegistry implements StartupTask {

    private static final Logger log = LoggerFactory.getLogger(ComputeRegistry.class);

    private final Map<String, ComputeExecutor> builtIn;
    private final Map<String, ComputeExecutorFactory> factories;
    private final StoredComputeTargetRepository stored;
    private final Map<Key, ComputeExecutor> created = new ConcurrentHashMap<>();
    private final Map<Key, ComputeTargetDefinition> definitions = new ConcurrentHashMap<>();
    /** Targets this node could not start, with the definition it tried: not retried until the definition changes. */
    private final Map<Key, ComputeTargetDefinition> unavailable = new ConcurrentHashMap<>();

    private record Key(long workspaceId, String name) {
    }

    ComputeRegistry(List<ComputeExecutor> builtIn, List<ComputeExecutorFactory> factories,
                    StoredComputeTargetRepository stored) {
        this.builtIn = new TreeMap<>();
        builtIn.forEach(e -> this.builtIn.put(e.name(), e));
        this.factories = new TreeMap<>();
        factories.forEach(f -> this.factories.put(f.kind(), f));
        this.stored = stored;
    }

    /** Starts an executor for every stored target before queued jobs are handed back (at ApplicationReadyEvent). */
    @Override
    public void runAtStart() {
        synchronize();
    }

    /**
     * Makes this node's executors those of the stored targets: starts the new ones, stops those deleted, and
     * replaces one whose definition changed once it is idle. A target this node cannot serve (no factory for its
     * kind, or its factory refuses it now) is logged once; its jobs wait for a node that can.
     */
    @Scheduled(initialDelayString = "${modelyard.jobs.computes.sync-every:5s}",
            fixedDelayString = "${modelyard.jobs.computes.sync-every:5s}")
    public synchronized void synchronize() {
        Map<Key, ComputeTargetDefinition> wanted = new HashMap<>();
        try {
            stored.findEvery().forEach(t -> wanted.put(new Key(t.workspaceId(), t.name()), t.definition()));
        } catch (RuntimeException e) {
            // the database may be briefly out (decision 012): keep what runs, look again next time
            log.warn("Reading the compute targets failed: {}", e.toString());
            return;
        }
        wanted.forEach((key, d) -> {
            if (!d.equals(definitions.get(key)) && !d.equals(unavailable.get(key)) && idle(key)) {
                start(d);
            }
        });
        for (Key key : List.copyOf(created.keySet())) {
            if (!wanted.containsKey(key) && idle(key)) {
                remove(key.workspaceId(), key.name());
            }
        }
        unavailable.keySet().retainAll(wanted.keySet());
    }

    private boolean idle(Key key) {
        ComputeExecutor e = created.get(key);
        return e == null || e.running() + e.queued() == 0;
    }

    private boolean start(ComputeTargetDefinition d) {
        Key key = new Key(d.workspaceId(), d.name());
        ComputeExecutorFactory factory = factories.get(d.kind());
        if (factory == null) {
            log.warn("Compute target {} of workspace {} is of kind {}, which no factory serves here; its jobs wait",
                    d.name(), d.workspaceId(), d.kind());
            unavailable.put(key, d);
            return false;
        }
        try {
            add(d, factory);
            unavailable.remove(key);
            return true;
        } catch (RuntimeException e) {
            // a target this server cannot serve now (e.g. the Ray Python was removed): its jobs wait, the rest runs
            log.warn("Compute target {} of workspace {} cannot start here: {}; its jobs wait", d.name(),
                    d.workspaceId(), e.getMessage());
            unavailable.put(key, d);
            return false;
        }
    }

    /**
     * The executor named {@code name} in the workspace, built-in or created there. A name this node does not know
     * is looked up in the stored targets: it may have been created through another node a moment ago.
     */
    public Optional<ComputeExecutor> find(long workspaceId, String name) {
        ComputeExecutor own = created.get(new Key(workspaceId, name));
        if (own == null && name != null && !builtIn.containsKey(name) && catchUp(workspaceId, name)) {
            own = created.get(new Key(workspaceId, name));
        }
        return Optional.ofNullable(own != null ? own : builtIn.get(name));
    }

    private synchronized boolean catchUp(long workspaceId, String name) {
        if (created.containsKey(new Key(workspaceId, name))) {
            return true;
        }
        // one this node already failed to start is not tried again for every request naming it (synchronize() does)
        return stored.findOne(workspaceId, name).map(StoredComputeTarget::definition)
                .filter(d -> !d.equals(unavailable.get(new Key(workspaceId, name)))).map(this::start).orElse(false);
    }

    /** The definition of a created target (empty for built-in ones). */
    public Optional<ComputeTargetDefinition> definition(long workspaceId, String name) {
        return Optional.ofNullable(definitions.get(new Key(workspaceId, name)));
    }

    /** Every target a job of the workspace may name, by name. */
    public List<ComputeExecutor> all(long workspaceId) {
        Map<String, ComputeExecutor> all = new LinkedHashMap<>(builtIn);
        created.forEach((k, v) -> {
            if (k.workspaceId() == workspaceId) {
                all.put(k.name(), v);
            }
        });
        List<ComputeExecutor> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparing(ComputeExecutor::name));
        return sorted;
    }

    /**
     * Every executor of this node with where it serves: a built-in one serves every workspace ({@code workspaceId}
     * null), a created one its own. The job queue claims work for each (decision 021).
     */
    public List<Placement> placements() {
        List<Placement> all = new ArrayList<>();
        builtIn.values().forEach(e -> all.add(new Placement(null, e)));
        created.forEach((k, v) -> all.add(new Placement(k.workspaceId(), v)));
        return all;
    }

    /** Where an executor serves: its workspace, or null for a built-in target that serves every workspace. */
    public record Placement(Long workspaceId, ComputeExecutor executor) {
    }

    /** The placement of the target a job of {@code workspaceId} names {@code name}. */
    public Optional<Placement> placement(long workspaceId, String name) {
        ComputeExecutor own = created.get(new Key(workspaceId, name));
        if (own != null) {
            return Optional.of(new Placement(workspaceId, own));
        }
        return Optional.ofNullable(builtIn.get(name)).map(e -> new Placement(null, e));
    }

    public boolean isBuiltIn(String name) {
        return builtIn.containsKey(name);
    }

    /** The kinds a target may be created with: those a factory serves. */
    public List<String> kinds() {
        return List.copyOf(factories.keySet());
    }

    Optional<ComputeExecutorFactory> factory(String kind) {
        return Optional.ofNullable(factories.get(kind));
    }

    /** Starts the executor of a target just stored. */
    synchronized void add(ComputeTargetDefinition d, ComputeExecutorFactory factory) {
        Key key = new Key(d.workspaceId(), d.name());
        if (d.equals(definitions.get(key)) && created.containsKey(key)) {
            return; // already started here, by a synchronisation that saw the stored row first
        }
        ComputeExecutor executor = factory.create(d);
        definitions.put(key, d);
        ComputeExecutor old = created.put(key, executor);
        if (old != null) {
            old.shutdown();
        }
    }

    /** Stops and forgets the executor of a deleted target. */
    synchronized void remove(long workspaceId, String name) {
        Key key = new Key(workspaceId, name);
        definitions.remove(key);
        ComputeExecutor old = created.remove(key);
        if (old != null) {
            old.shutdown();
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        created.values().forEach(ComputeExecutor::shutdown);
    }
}
