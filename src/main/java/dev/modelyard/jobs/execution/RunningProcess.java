package dev.modelyard.jobs.execution;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.modelyard.jobs.execution.ProcessOutcome.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** A process started by {@link LocalProcessRunner}, or the record that it could not be started. */
public final class RunningProcess {

    private static final long MAX_POLL_NANOS = Duration.ofMillis(100).toNanos();

    private final Process process;
    private final String startFailure;
    private final Duration timeout;
    private final Duration killGrace;
    private final ScheduledExecutorService timers;
    /** Every process signalled so far: the tree at the first signal, plus descendants found at SIGKILL time. */
    private final Set<ProcessHandle> stopped = ConcurrentHashMap.newKeySet();
    private Reason stopReason; // guarded by this

    private RunningProcess(Process process, String startFailure, Duration timeout, Duration killGrace,
            ScheduledExecutorService timers) {
        this.process = process;
        this.startFailure = startFailure;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.timers = timers;
    }

    static RunningProcess started(Process process, ProcessSpec spec, ScheduledExecutorService timers) {
        var running = new RunningProcess(process, null, spec.timeout(), spec.killGrace(), timers);
        if (spec.timeout() != null) {
            var timer = timers.schedule(() -> running.stop(Reason.TIMED_OUT), spec.timeout().toNanos(), NANOSECONDS);
            process.onExit().thenRun(() -> timer.cancel(false));
        }
        return running;
    }

    static RunningProcess failedToStart(String message) {
        return new RunningProcess(null, message, null, Duration.ZERO, null);
    }

    /** The operating system's process id, or -1 if it never started. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Asks the process and its descendants to stop: SIGTERM now, SIGKILL after the kill grace to whichever still
     * runs. Idempotent, returns at once; does nothing once the process has exited.
     */
    public void cancel() {
        stop(Reason.CANCELED);
    }

    /** Blocks until the process has exited and, when it was canceled or timed out, its descendants too. */
    public ProcessOutcome await() throws InterruptedException {
        if (process == null) {
            return new ProcessOutcome(-1, Reason.FAILED_TO_START, startFailure);
        }
        int exitCode = process.waitFor();
        Reason reason;
        synchronized (this) {
            reason = stopReason == null ? Reason.EXITED : stopReason;
        }
        if (reason != Reason.EXITED) {
            awaitStoppedDescendants();
        }
        return new ProcessOutcome(exitCode, reason, message(reason, exitCode));
    }

    private void stop(Reason reason) {
        synchronized (this) {
            if (process == null || stopReason != null || !process.isAlive()) {
                return;
            }
            stopReason = reason;
            stopped.addAll(ProcessTree.snapshot(process.toHandle()));
        }
        stopped.forEach(ProcessHandle::destroy);
        timers.schedule(this::killSurvivors, killGrace.toNanos(), NANOSECONDS);
    }

    private void killSurvivors() {
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : List.copyOf(stopped)) {
            if (ProcessTree.isRunning(handle)) {
                survivors.addAll(ProcessTree.snapshot(handle));
            }
        }
        stopped.addAll(survivors);
        survivors.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Children of a signalled tree are not ours to wait for, so this polls; it returns within one poll of the last
     * one ending, which after SIGKILL is at most the kill grace away.
     */
    private void awaitStoppedDescendants() throws InterruptedException {
        long pause = Duration.ofMillis(5).toNanos();
        while (stopped.stream().anyMatch(ProcessTree::isRunning)) {
            NANOSECONDS.sleep(pause);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private String message(Reason reason, int exitCode) {
        return switch (reason) {
            case EXITED -> "exited with code " + exitCode;
            case CANCELED -> "canceled (exit code " + exitCode + ")";
            case TIMED_OUT -> "stopped at its time limit of " + describe(timeout) + " (exit code " + exitCode + ")";
            case FAILED_TO_START -> startFailure;
        };
    }

    /** "1h 5m", "90s" → "1m 30s", "250ms": how a person writes a time limit. */
    static String describe(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(text.isEmpty() ? "" : " ").append(amount).append(unit);
        }
    }
}
