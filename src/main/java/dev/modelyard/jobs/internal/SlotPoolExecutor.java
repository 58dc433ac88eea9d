package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.ComputeExecutor;
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
 * A compute target whose jobs run in a fixed number of slots on this node, fed first in, first out: the
 * {@code local} and {@code ray} executors. The pool's own queue holds the work; {@code waiting} mirrors it by name,
 * so positions can be told and a waiting job withdrawn; the process (or driver) of each running job is kept to
 * cancel it. A subclass says how one job runs.
 */
public abstract class SlotPoolExecutor implements ComputeExecutor {

    private final int slots;
    private final ExecutorService pool;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private final Map<String, RunningProcess> processes = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    /** {@code threadPrefix} names the slots' threads (a thread dump then says which target runs what). */
    protected SlotPoolExecutor(int slots, String threadPrefix) {
        this.slots = slots;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadPrefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one job to its end in a slot's thread, handing over its process as soon as it starts. */
    protected abstract void run(String jobName, Consumer<RunningProcess> started);

    @Override
    public int slots() {
        return slots;
    }

    /** Queues the job; it runs when a slot is free, unless withdrawn before. */
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
                run(jobName, process -> processes.put(jobName, process));
            } finally {
                processes.remove(jobName);
                running.decrementAndGet();
            }
        });
    }

    /** Withdraws a job that has not started; whether it was still waiting. */
    @Override
    public boolean dequeue(String jobName) {
        synchronized (waiting) {
            return waiting.remove(jobName);
        }
    }

    /** Cancels the job's process if it runs here. */
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
            int index = new ArrayList<>(waiting).indexOf(jobName);
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

    /** Takes no more work; what runs finishes. */
    protected void close() {
        pool.shutdown();
    }

    /** Takes no more work and cancels what runs. */
    protected void stop() {
        pool.shutdownNow();
        processes.values().forEach(RunningProcess::cancel);
    }
}
