package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.StoredComputeTargetRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Resolves (workspace, compute name) to the executor that runs the job. The built-in executors (Spring beans such
 * as {@code local}) exist in every workspace; the targets an admin created exist in theirs, each with an executor
 * made by the factory of its kind. docs/decisions/020-azureml-surface.md.
 */
@Component
public class ComputeRegistry implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ComputeRegistry.class);

    private final Map<String, ComputeExecutor> builtIn;
    private final Map<String, ComputeExecutorFactory> factories;
    private final StoredComputeTargetRepository stored;
    private final Map<Key, ComputeExecutor> created = new ConcurrentHashMap<>();
    private final Map<Key, ComputeTargetDefinition> definitions = new ConcurrentHashMap<>();

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
    public void afterSingletonsInstantiated() {
        for (var target : stored.findEvery()) {
            ComputeTargetDefinition d = target.definition();
            ComputeExecutorFactory factory = factories.get(d.kind());
            if (factory == null) {
                log.warn("Compute target {} of workspace {} is of kind {}, which no factory serves here; its jobs wait",
                        d.name(), d.workspaceId(), d.kind());
                continue;
            }
            try {
                add(d, factory);
            } catch (RuntimeException e) {
                // a target this server cannot serve now (e.g. the Ray Python was removed): its jobs wait, the rest starts
                log.warn("Compute target {} of workspace {} cannot start here: {}; its jobs wait", d.name(),
                        d.workspaceId(), e.getMessage());
            }
        }
    }

    /** The executor named {@code name} in the workspace, built-in or created there. */
    public Optional<ComputeExecutor> find(long workspaceId, String name) {
        ComputeExecutor own = created.get(new Key(workspaceId, name));
        return Optional.ofNullable(own != null ? own : builtIn.get(name));
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
    void add(ComputeTargetDefinition d, ComputeExecutorFactory factory) {
        Key key = new Key(d.workspaceId(), d.name());
        definitions.put(key, d);
        ComputeExecutor old = created.put(key, factory.create(d));
        if (old != null) {
            old.shutdown();
        }
    }

    /** Stops and forgets the executor of a deleted target. */
    void remove(long workspaceId, String name) {
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
