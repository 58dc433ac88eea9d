package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.execution.RunningProcess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The slots of one compute target on this node, fed first in, first out: what the {@code local} and {@code ray}
 * executors share. The pool's own queue holds the work; {@code waiting} mirrors it by name, so positions can be
 * told and a waiting job withdrawn; the process (or driver) of each running job is kept to cancel it.
 */
public final class SlotPool {

    /** Runs one job to its end, handing over its process as soon as it starts. */
    public interface Run {
        void run(String jobName, Consumer<RunningProcess> started);
    }

    private final int slots;
    private final ExecutorService pool;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private final Map<String, RunningProcess> processes = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    /** {@code threadPrefix} names the slots' threads (a thread dump then says which target runs what). */
    public SlotPool(int slots, String threadPrefix) {
        this.slots = slots;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadPrefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int slots() {
        return slots;
    }

    /** Queues the job; it runs through {@code run} when a slot is free, unless withdrawn before. */
    public void enqueue(String jobName, Run run) {
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
                run.run(jobName, process -> processes.put(jobName, process));
            } finally {
                processes.remove(jobName);
                running.decrementAndGet();
            }
        });
    }

    /** Withdraws a job that has not started; whether it was still waiting. */
    public boolean dequeue(String jobName) {
        synchronized (waiting) {
            return waiting.remove(jobName);
        }
    }

    /** Cancels the job's process if it runs here. */
    public void cancel(String jobName) {
        RunningProcess process = processes.get(jobName);
        if (process != null) {
            process.cancel();
        }
    }

    public OptionalInt queuePosition(String jobName) {
        synchronized (waiting) {
            int index = new ArrayList<>(waiting).indexOf(jobName);
            return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
        }
    }

    public int running() {
        return running.get();
    }

    public int queued() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** Takes no more work; what runs finishes. */
    public void close() {
        pool.shutdown();
    }

    /** Takes no more work and cancels what runs. */
    public void stop() {
        pool.shutdownNow();
        processes.values().forEach(RunningProcess::cancel);
    }
}
