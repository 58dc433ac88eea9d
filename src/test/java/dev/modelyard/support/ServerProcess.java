package dev.modelyard.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Modelyard as a real operating-system process, started from the compiled classes and the test JVM's runtime
 * classpath ({@code java -cp target/classes:<dependencies> dev.modelyard.ModelyardApplication}): no jar is needed,
 * so it works in {@code ./mvnw verify} before packaging. For tests that must kill the server ({@code kill -9}),
 * restart it on the same data directory, or talk to it over a raw socket with settings of their own.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;
    private final Duration startTime;

    private ServerProcess(Process process, int port, Path log, Duration startTime) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startTime = startTime;
    }

    /** Start-up speed over peak speed: the processes of tests live for seconds. */
    public static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
            "-Xss512k");

    /**
     * The properties of one node of a deployment: the production profile on the shared PostgreSQL and S3 server,
     * its own lease node name and this many local job slots (a mutable map: callers add their own).
     */
    public static Map<String, String> nodeOf(PostgresServer database, ExternalS3Server storage, String nodeName,
                                             int localSlots) {
        return new java.util.HashMap<>(Map.of(
                "spring.profiles.active", "postgres",
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", "",
                "modelyard.storage.mode", "external",
                "modelyard.storage.endpoint", storage.endpoint().toString(),
                "modelyard.storage.access-key", storage.accessKey(),
                "modelyard.storage.secret-key", storage.secretKey(),
                "modelyard.jobs.lease.node-name", nodeName,
                "modelyard.jobs.local-slots", Integer.toString(localSlots)));
    }

    /** Starts the server on the data directory with extra Spring properties and waits until it answers. */
    public static ServerProcess start(Path dataDir, Map<String, String> properties) throws IOException {
        return start(dataDir, properties, TEST_JVM);
    }

    /** The same with JVM options of the caller's (a benchmark measures peak speed, with the full JIT). */
    public static ServerProcess start(Path dataDir, Map<String, String> properties, List<String> jvmOptions)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", appClasspath(), "dev.modelyard.ModelyardApplication",
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--modelyard.data-dir=" + dataDir.toAbsolutePath(),
                "--vaadin.devmode.devTools.enabled=false",
                "--logging.level.root=WARN"));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = dataDir.toAbsolutePath().getParent().resolve(dataDir.getFileName() + "-server-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MODELYARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long begin = System.nanoTime();
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, port, log, null);
        server.awaitReady(begin);
        return new ServerProcess(process, port, log, Duration.ofNanos(System.nanoTime() - begin));
    }

    private void awaitReady(long begin) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() - begin < START_LIMIT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server ended with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                // polling a process that has no other way to say it is up
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill();
        throw new IllegalStateException("the server did not answer within " + START_LIMIT + ":\n" + logTail());
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** From {@code java} starting to the first 200 from the health endpoint. */
    public Duration startTime() {
        return startTime;
    }

    /** The server's console output (appended to over restarts on the same port). */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    public static String adminAuth() {
        return basicAuth("admin", ADMIN_PASSWORD);
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful anything. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the server gracefully (SIGTERM), or kills it if it does not end within a minute. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** The test runtime classpath without the test classes (their test configurations must not be scanned). */
    static String appClasspath() {
        String testClasses = File.separator + "test-classes";
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith(testClasses) && !entry.endsWith(testClasses + File.separator))
                .filter(entry -> !entry.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
