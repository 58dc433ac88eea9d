package dev.modelyard.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.base.ConflictException;
import dev.modelyard.jobs.EnvironmentBuildInfo;
import dev.modelyard.jobs.EnvironmentBuildStatus;
import dev.modelyard.jobs.EnvironmentsProperties;
import dev.modelyard.jobs.envspec.EnvironmentDefinition;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One build per spec hash, however many jobs and people ask for it: the first asker starts it on the build pool,
 * later ones get the same future. Starting, finishing, holding (a job recording its use) and evicting all happen
 * under one lock, so eviction never removes a build between a job finding it Ready and recording its hold.
 */
@Component
public class EnvironmentBuilds {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentBuilds.class);

    private final EnvironmentBuildStore store;
    private final EnvironmentLayout layout;
    private final EnvironmentsProperties properties;
    private final ObjectMapper json;
    private final VenvBuilder builder = new VenvBuilder();
    private final Object lock = new Object();
    private final Map<String, CompletableFuture<EnvironmentBuildInfo>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    EnvironmentBuilds(EnvironmentBuildStore store, EnvironmentLayout layout, EnvironmentsProperties properties,
                      ObjectMapper json) {
        this.store = store;
        this.layout = layout;
        this.properties = properties;
        this.json = json;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.concurrentBuilds(), r -> {
            Thread t = new Thread(r, "environment-build-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public long capBytes() {
        return properties.diskCap().toBytes();
    }

    /**
     * The build of {@code hash}: finished already, in flight, or started now. A Failed build is returned as it is
     * (jobs naming it fail with its error) unless {@code retryFailed}.
     */
    public CompletableFuture<EnvironmentBuildInfo> ensure(String hash, EnvironmentDefinition definition,
                                                          boolean retryFailed) {
        synchronized (lock) {
            CompletableFuture<EnvironmentBuildInfo> running = inFlight.get(hash);
            if (running != null) {
                return running;
            }
            var current = store.current(hash);
            if (current.isPresent()) {
                EnvironmentBuildInfo build = current.get();
                if (build.status() == EnvironmentBuildStatus.READY && Files.isDirectory(layout.venv(hash))) {
                    return CompletableFuture.completedFuture(build);
                }
                if (build.status() == EnvironmentBuildStatus.FAILED && !retryFailed) {
                    return CompletableFuture.completedFuture(build);
                }
                if (build.status() == EnvironmentBuildStatus.READY) {
                    store.removed(build.id(), "its folder was gone");
                } else if (build.status() == EnvironmentBuildStatus.BUILDING) {
                    store.failed(build.id(), "Modelyard stopped while it was building; built again");
                }
            }
            return start(hash, definition);
        }
    }

    /** Builds again: refused while it builds or while a running job holds the current build. */
    public CompletableFuture<EnvironmentBuildInfo> rebuild(String hash, EnvironmentDefinition definition, String reason) {
        synchronized (lock) {
            if (inFlight.containsKey(hash)) {
                throw new ConflictException("it is building right now; wait for the build to end");
            }
            var current = store.current(hash);
            if (current.isPresent() && current.get().status() == EnvironmentBuildStatus.READY) {
                refuseIfHeld(current.get(), "rebuild it");
                VenvBuilder.delete(layout.venv(hash));
                store.removed(current.get().id(), reason);
            }
            return start(hash, definition);
        }
    }

    /** Removes the current build from disk, keeping its row (and package list) for the jobs that ran in it. */
    public void remove(String hash, String reason) {
        synchronized (lock) {
            if (inFlight.containsKey(hash)) {
                throw new ConflictException("it is building right now; wait for the build to end");
            }
            var current = store.current(hash).orElseThrow();
            refuseIfHeld(current, "delete its build");
            VenvBuilder.delete(layout.venv(hash));
            store.removed(current.id(), reason);
        }
    }

    /**
     * Waits for the build of {@code hash} (starting it if needed) and records the job's hold on it. Returns the
     * build as it ended: Ready, or Failed with its error; null as soon as {@code stillWanted} is false (checked each
     * second while waiting), leaving the build to go on for others.
     */
    public EnvironmentBuildInfo awaitReady(String hash, EnvironmentDefinition definition, long jobId, long environmentId,
                                           Runnable waiting, java.util.function.BooleanSupplier stillWanted)
            throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            CompletableFuture<EnvironmentBuildInfo> future = ensure(hash, definition, false);
            if (!future.isDone()) {
                waiting.run();
            }
            EnvironmentBuildInfo ended = null;
            long deadline = System.nanoTime() + properties.buildTimeout().toNanos() + TimeUnit.MINUTES.toNanos(1);
            while (ended == null) {
                try {
                    ended = future.get(1, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the environment build crashed", e.getCause());
                } catch (TimeoutException e) {
                    if (!stillWanted.getAsBoolean()) {
                        return null;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the environment build did not end within its timeout");
                    }
                }
            }
            if (ended.status() != EnvironmentBuildStatus.READY) {
                return ended;
            }
            synchronized (lock) {
                var current = store.current(hash);
                if (current.isPresent() && current.get().status() == EnvironmentBuildStatus.READY
                        && Files.isDirectory(layout.venv(hash))) {
                    store.recordUse(jobId, environmentId, current.get().id());
                    return current.get();
                }
            }
            // evicted or deleted between its end and our hold: build it again
        }
        throw new IllegalStateException("the environment was removed again each time it was built");
    }

    private CompletableFuture<EnvironmentBuildInfo> start(String hash, EnvironmentDefinition definition) {
        EnvironmentBuildInfo build = store.start(hash);
        CompletableFuture<EnvironmentBuildInfo> future = new CompletableFuture<>();
        inFlight.put(hash, future);
        pool.execute(() -> run(build, definition, future));
        return future;
    }

    private void run(EnvironmentBuildInfo build, EnvironmentDefinition definition,
                     CompletableFuture<EnvironmentBuildInfo> future) {
        String hash = build.hash();
        EnvironmentBuildInfo ended;
        try {
            VenvBuilder.Result result = builder.build(definition, layout.venv(hash), layout.log(build.id()),
                    properties.buildTimeout(), properties.pipOptions(), properties.sourceBuilds());
            synchronized (lock) {
                ended = result.ok() ? store.ready(build.id(), result.freeze(), result.sizeBytes())
                        : store.failed(build.id(), result.error());
                inFlight.remove(hash);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = finishFailed(build, "Modelyard stopped while it was building");
        } catch (RuntimeException e) {
            LOG.error("Building environment {} failed inside Modelyard", hash, e);
            ended = finishFailed(build, "the build failed inside Modelyard: " + e.getClass().getSimpleName());
        }
        LOG.info("Environment build {} of {} ended: {}", build.id(), hash.substring(0, 12), ended.status().wireName());
        future.complete(ended);
        if (ended.status() == EnvironmentBuildStatus.READY) {
            enforceCap(ended.id());
        }
    }

    private EnvironmentBuildInfo finishFailed(EnvironmentBuildInfo build, String error) {
        synchronized (lock) {
            inFlight.remove(build.hash());
            try {
                return store.failed(build.id(), error);
            } catch (RuntimeException e) {
                return build;
            }
        }
    }

    /**
     * Past the disk cap, removes the least recently used builds no job holds (never the one just finished), until
     * the total fits.
     */
    void enforceCap(long justBuilt) {
        synchronized (lock) {
            long cap = capBytes();
            long used = store.diskUsed();
            if (used <= cap) {
                return;
            }
            for (EnvironmentBuildInfo victim : evictions(store.evictable(), used, cap, justBuilt, inFlight.keySet())) {
                VenvBuilder.delete(layout.venv(victim.hash()));
                store.removed(victim.id(), "evicted: builds used more than the cap of " + cap
                        + " bytes (modelyard.environments.disk-cap) and it was the least recently used");
                LOG.info("Evicted environment build {} ({} bytes) to stay under the disk cap", victim.id(),
                        victim.sizeBytes());
            }
        }
    }

    /**
     * Which builds to remove so {@code used} fits under {@code cap}: from {@code unheld} (least recently used first,
     * none held by a job), skipping the one just built and any being rebuilt. May not reach the cap.
     */
    static java.util.List<EnvironmentBuildInfo> evictions(java.util.List<EnvironmentBuildInfo> unheld, long used,
                                                         long cap, long justBuilt, java.util.Set<String> building) {
        java.util.List<EnvironmentBuildInfo> out = new java.util.ArrayList<>();
        for (EnvironmentBuildInfo candidate : unheld) {
            if (used <= cap) {
                break;
            }
            if (candidate.id() == justBuilt || building.contains(candidate.hash())) {
                continue;
            }
            out.add(candidate);
            used -= candidate.sizeBytes() == null ? 0 : candidate.sizeBytes();
        }
        return out;
    }

    private void refuseIfHeld(EnvironmentBuildInfo build, String what) {
        long holders = store.holders(build.id());
        if (holders > 0) {
            throw new ConflictException(holders + " running job(s) use this build; " + what + " when they have ended");
        }
    }

    /**
     * At start: removes half-built folders a stop left behind, forgets Ready builds whose folder is gone, and builds
     * again what was building when Modelyard stopped (jobs waiting for them are queued again by the job startup).
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeAfterRestart() {
        Path root = layout.root();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(root, ".build-*")) {
                leftovers.forEach(VenvBuilder::delete);
            } catch (IOException e) {
                LOG.warn("Could not list {} for half-built environments: {}", root, e.toString());
            }
        }
        for (EnvironmentBuildInfo ready : store.withStatus(EnvironmentBuildStatus.READY)) {
            var current = store.current(ready.hash());
            if (current.isPresent() && current.get().id() == ready.id() && !Files.isDirectory(layout.venv(ready.hash()))) {
                store.removed(ready.id(), "its folder was gone at start");
            }
        }
        for (EnvironmentBuildInfo building : store.withStatus(EnvironmentBuildStatus.BUILDING)) {
            store.definitionOf(building.hash()).ifPresent(definitionJson -> {
                try {
                    ensure(building.hash(), json.readValue(definitionJson, EnvironmentDefinition.class), false);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not resume the build of {}: {}", building.hash(), e.toString());
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
