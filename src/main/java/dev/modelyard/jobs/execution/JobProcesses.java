package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds and stops every process a job run started, wherever it went. Each run's process gets a unique marker in
 * its environment ({@value #MARKER}={@code <run id>}); every child inherits it, whether it was started in the
 * background, with {@code setsid}, or double-forked and re-parented to init. So when the run ends (or at the next
 * start, after a crash) the processes to stop are exactly those whose {@code /proc/<pid>/environ} holds the marker.
 *
 * <p>What it does not catch (see docs/decisions/011): a process that clears or overwrites its own environment
 * ({@code env -i …}). A cgroup per job would; this host-level target has none.
 */
public final class JobProcesses {

    /** The environment variable that marks a run's processes. */
    public static final String MARKER = "MODELYARD_JOB_RUN";

    private static final Path PROC = Path.of("/proc");
    private static final long MAX_POLL_NANOS = Duration.ofMillis(50).toNanos();

    private JobProcesses() {
    }

    /** Whether this host lets us find processes by environment (Linux's /proc). */
    public static boolean supported() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** The pids of live processes (not zombies) whose environment carries the run's marker. */
    public static List<Long> find(String runId) {
        List<Long> found = new ArrayList<>();
        if (runId == null || runId.isEmpty() || !supported()) {
            return found;
        }
        byte[] wanted = (MARKER + "=" + runId).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!isPid(name)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid != self && carries(entry.resolve("environ"), wanted)) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            // /proc vanished under us: nothing sensible to report but what was found
        }
        return found;
    }

    /**
     * Sends SIGKILL to every process of the run, and again to any found on the next look (a process may fork while
     * it is being killed), until a look finds none or {@code limit} passes. Returns how many processes it killed.
     */
    public static int killAll(String runId, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = Duration.ofMillis(2).toNanos();
        int killed = 0;
        while (true) {
            List<Long> alive = find(runId);
            if (alive.isEmpty()) {
                return killed;
            }
            for (long pid : alive) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return killed;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(pause);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private static boolean carries(Path environ, byte[] wanted) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ); // a zombie's is empty; another user's is unreadable
        } catch (IOException | SecurityException e) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i - start == wanted.length && Arrays.equals(bytes, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
