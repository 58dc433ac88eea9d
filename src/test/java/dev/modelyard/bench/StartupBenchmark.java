package dev.modelyard.bench;

import dev.modelyard.TestDataDirectory;
import dev.modelyard.bench.BenchReport.Verdict;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Section 7: from starting a Java process to the first 200 from {@code /login}, for Modelyard run from the
 * compiled classes and the runtime classpath (no production jar is built in the benchmark run), with JVM
 * defaults, first on an empty data directory and then restarted on it. The reference is the same JVM starting a
 * minimal {@code com.sun.net.httpserver} that answers 200: what this machine needs to serve a page at all.
 */
@Order(5)
class StartupBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @AfterAll
    static void cleanUp() throws IOException {
        BenchReport.write();
        // the Spring benchmarks' application is closed by now (UiBenchmark dirties it): drop its data,
        // a million-version database and the object store, instead of leaving gigabytes under target/
        deleteTree(TestDataDirectory.ROOT);
        deleteTree(BenchConfig.scratchDir());
    }

    @Test
    void process_start_to_first_served_page() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = appClasspath();
        Path data = Files.createTempDirectory("modelyard-start-");
        List<Double> starts = new ArrayList<>();
        try {
            for (int i = 0; i < BenchConfig.STARTUPS; i++) {
                starts.add(startToFirstPage(List.of(java, "-cp", classpath, "dev.modelyard.ModelyardApplication"),
                        data, "/login"));
            }
        } finally {
            deleteTree(data);
        }
        List<Double> floor = new ArrayList<>();
        String testClasses = BenchConfig.projectDir().resolve("target/test-classes").toString();
        for (int i = 0; i < BenchConfig.STARTUPS; i++) {
            floor.add(startToFirstPage(List.of(java, "-cp", testClasses, MinimalServer.class.getName()), null, "/"));
        }
        BenchReport.compare(7, "Start-up, empty data directory: process start to /login 200", "ms",
                starts.subList(0, 1), "minimal JDK HTTP server", floor, "", Verdict.INFO);
        if (starts.size() > 1) {
            BenchReport.compare(7, "Start-up, restart on that data: process start to /login 200", "ms",
                    starts.subList(1, starts.size()), "minimal JDK HTTP server", floor, "", Verdict.INFO);
        }
        BenchReport.detail(7, "`java -cp target/classes:<runtime classpath> dev.modelyard.ModelyardApplication` "
                + "with JVM defaults (on this machine: G1, max heap a quarter of RAM) and Vaadin in development "
                + "mode with its pre-built bundle, because the production jar needs `./mvnw -Pproduction package` "
                + "(a frontend build), which the benchmark run does not do. Polled every 10 ms; the first start "
                + "creates the database (Flyway) and the admin user (one bcrypt), restarts reuse them.");
    }

    /** Starts the command and polls {@code path} until it answers 200; returns the milliseconds, kills the process. */
    private double startToFirstPage(List<String> command, Path dataDir, String path) throws Exception {
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        if (dataDir != null) {
            full.add("--server.port=" + port);
            full.add("--modelyard.data-dir=" + dataDir);
        } else {
            full.add(Integer.toString(port));
        }
        Path log = Files.createTempFile("modelyard-start-", ".log");
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MODELYARD_ADMIN_PASSWORD", "bench-admin-password");
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            while (System.nanoTime() - start < LIMIT.toNanos()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the process ended with " + process.exitValue() + ":\n"
                            + tail(log));
                }
                try {
                    if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - start) / 1e6;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no 200 from " + path + " within " + LIMIT + ":\n" + tail(log));
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    /** The test runtime classpath without the test classes (their test configurations must not be scanned). */
    private static String appClasspath() {
        String testClasses = File.separator + "test-classes";
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith(testClasses) && !entry.endsWith(testClasses + File.separator))
                .filter(entry -> !entry.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference server: a JVM that answers 200 on one port as soon as it can. */
    public static final class MinimalServer {
        public static void main(String[] args) throws IOException {
            var server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
            server.createContext("/", exchange -> {
                byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            System.out.printf(Locale.ROOT, "listening on %s%n", args[0]);
        }
    }
}
