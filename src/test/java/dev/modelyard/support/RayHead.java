package dev.modelyard.support;

import dev.modelyard.base.Bytes;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A one-node Ray cluster for a test: {@code ray start --head} on loopback with a temp folder and ports of its own, so
 * tests never meet another Ray on the machine; {@link #close()} stops exactly its processes (found by that folder in
 * their command line), never {@code ray stop}, which would stop every Ray on the host.
 * Ray comes from {@code target/ray-venv} (made by .ci/ray-venv, which the build and .ci/run call: {@code python3 -m
 * venv --system-site-packages target/ray-venv && target/ray-venv/bin/pip install ray==2.58.0}); the test fails, never
 * skips, without it.
 */
public final class RayHead implements AutoCloseable {

    public static final Path VENV = Path.of("target/ray-venv").toAbsolutePath();
    public static final Path PYTHON = VENV.resolve("bin/python");
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Path tempDir;
    private final int port;
    private final Path log;

    private RayHead(Path tempDir, int port, Path log) {
        this.tempDir = tempDir;
        this.port = port;
        this.log = log;
    }

    /** Starts a head with {@code cpus} CPUs and a small object store; returns once it accepts drivers. */
    public static RayHead start(int cpus) throws IOException, InterruptedException {
        Path ray = VENV.resolve("bin/ray");
        if (!Files.isExecutable(ray)) {
            fail("Ray is not installed in " + VENV + "; run: /usr/bin/python3 -m venv --system-site-packages "
                    + "target/ray-venv && target/ray-venv/bin/pip install ray==2.58.0 (what .ci/ray-venv does; the build "
                    + "runs it before the tests)");
        }
        // short: Ray's unix sockets live under it and a socket path is at most 107 bytes
        Path tempDir = Path.of("/tmp", "mray-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(tempDir);
        List<Integer> ports = freePorts(9 + 8);
        List<String> command = new ArrayList<>(List.of(ray.toString(), "start", "--head",
                "--node-ip-address=127.0.0.1", "--port=" + ports.get(0), "--temp-dir=" + tempDir,
                "--num-cpus=" + cpus, "--include-dashboard=false", "--dashboard-port=" + ports.get(1),
                "--disable-usage-stats", "--object-store-memory=80000000", "--include-log-monitor=false",
                "--node-manager-port=" + ports.get(2), "--object-manager-port=" + ports.get(3),
                "--dashboard-agent-listen-port=" + ports.get(4), "--dashboard-agent-grpc-port=" + ports.get(5),
                "--runtime-env-agent-port=" + ports.get(6), "--metrics-export-port=" + ports.get(7),
                "--worker-port-list=" + ports.subList(9, ports.size()).stream().map(String::valueOf)
                        .collect(Collectors.joining(","))));
        Path log = tempDir.resolve("ray-start.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("RAY_USAGE_STATS_ENABLED", "0");
        RayHead head = new RayHead(tempDir, ports.get(0), log);
        Process start = builder.start();
        if (!start.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS) || start.exitValue() != 0) {
            start.destroyForcibly();
            String output = Files.readString(log);
            head.close();
            throw new IllegalStateException("ray start --head failed:\n" + output);
        }
        return head;
    }

    /** The address drivers connect to. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path tempDir() {
        return tempDir;
    }

    /**
     * Runs Python with Ray against this cluster and returns what it printed; {@code ray} is imported and initialised
     * before the code runs.
     */
    public String python(String code) throws IOException, InterruptedException {
        String script = "import ray, json\nray.init(address='" + address() + "', log_to_driver=False, "
                + "logging_level='ERROR')\n" + code;
        Path out = Files.createTempFile(tempDir, "py", ".out");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python against Ray did not end within 60 s");
        }
        String printed = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("python against Ray failed:\n" + printed);
        }
        return printed;
    }

    /** Actors of the cluster that are not dead, as "class_name state" lines (GCS's actor table). */
    public List<String> liveActors() throws IOException, InterruptedException {
        String printed = python("from ray._private.state import actors\n"
                + "for a in actors().values():\n"
                + "    if a['State'] != 'DEAD': print('ACTOR', a['ActorClassName'], a['State'])\n");
        return printed.lines().filter(l -> l.startsWith("ACTOR ")).map(l -> l.substring(6)).toList();
    }

    /** Pids of the processes this head started (every Ray process names the temp folder in its command line). */
    public List<Long> processes() {
        byte[] wanted = tempDir.toString().getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.toList()) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                    if (Bytes.indexOf(cmdline, wanted) >= 0 || holdsFileUnder(proc)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Ray's agents (ray::DashboardAgent, ray::RuntimeEnvAgent) rename themselves; their open log files tell. */
    private boolean holdsFileUnder(Path proc) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(tempDir);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException notOurs) {
            return false;
        }
    }

    /** Stops this head's processes (SIGTERM, then SIGKILL after 10 s) and removes its folder. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        processes().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        while (System.nanoTime() < deadline && processes().stream().anyMatch(RayHead::running)) {
            try {
                Thread.sleep(100); // polling the process table: there is nothing to wait on for non-children
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        processes().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        try (Stream<Path> files = Files.walk(tempDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder
        }
    }

    /** Alive and not a zombie (Java reports zombies as alive). */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
