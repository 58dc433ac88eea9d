package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.ComputeExecutor;
import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.execution.RunningProcess;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The {@code local} target: a fixed pool of slots on this host, fed first in, first out. The pool's own queue
 * holds the work; {@code waiting} mirrors it by name so positions can be told and queued jobs withdrawn.
 */
@Component
public class LocalComputeExecutor implements ComputeExecutor {

    public static final String NAME = "local";

    private final JobRunner runner;
    private final String name;
    private final int slots;
    private final ExecutorService pool;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private final Map<String, RunningProcess> processes = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    @org.springframework.beans.factory.annotation.Autowired
    LocalComputeExecutor(JobRunner runner, JobsProperties properties) {
        this(runner, NAME, properties.effectiveLocalSlots());
    }

    /** A workspace's own {@code local} target with its own slots (see {@link LocalComputeExecutorFactory}). */
    LocalComputeExecutor(JobRunner runner, String name, int slots) {
        this.runner = runner;
        this.name = name;
        this.slots = slots;
        AtomicInteger threads = new AtomicInteger();
        String prefix = NAME.equals(name) ? "job-local-" : "job-" + name + "-";
        this.pool = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "local-process";
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public void enqueue(String jobName) {
        synchronized (waiting) {
            waiting.add(jobName);
        }
        pool.execute(() -> {
            synchronized (waiting) {
                if (!waiting.remove(jobName)) {
                    return; // withdrawn while it waited
                }
            }
            running.incrementAndGet();
            try {
                runner.run(jobName, process -> processes.put(jobName, process));
            } finally {
                processes.remove(jobName);
                running.decrementAndGet();
            }
        });
    }

    @Override
    public boolean dequeue(String jobName) {
        synchronized (waiting) {
            return waiting.remove(jobName);
        }
    }

    @Override
    public void cancel(String jobName) {
        RunningProcess process = processes.get(jobName);
        if (process != null) {
            process.cancel();
        }
    }

    @Override
    public OptionalInt queuePosition(String jobName) {
        synchronized (waiting) {
            List<String> order = new ArrayList<>(waiting);
            int index = order.indexOf(jobName);
            return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
        }
    }

    @Override
    public int running() {
        return running.get();
    }

    @Override
    public int queued() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** A deleted target: takes no more work; what runs finishes (deletion is refused while jobs run or wait). */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /** Stops taking work; running processes are ended by the JVM's exit and settled at the next start. */
    @PreDestroy
    void stop() {
        pool.shutdownNow();
        processes.values().forEach(RunningProcess::cancel);
    }
}
