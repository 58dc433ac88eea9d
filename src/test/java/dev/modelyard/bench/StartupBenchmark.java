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
 * Section 7: from starting a Java process to the first 200 from {@code /login}, with JVM defaults, first on an empty
 * data directory and then restarted on it: the production jar as the README starts it (the extracted layout with
 * its CDS archive, built by {@code ./mvnw -Pproduction package}), the same without the archive, and Modelyard from
 * the compiled classes and the runtime classpath. The reference is the same JVM starting a minimal
 * {@code com.sun.net.httpserver} that answers 200: what this machine needs to serve a page at all. Beside the wall
 * time, the CPU time the process used until then (user + system, all its threads), which a loaded machine
 * inflates far less.
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

    /** The production jar's extracted layout and CDS archive, as {@code ./mvnw -Pproduction package} leaves them. */
    static final String APP_DIR = "target/modelyard";
    static final String ARCHIVE = APP_DIR + "/modelyard.jsa";
    static final Duration TARGET = Duration.ofSeconds(8);

    /** To the first 200 from the page; CPU then; to the first 200 from health, when the start-up work is done. */
    record Start(double wallMs, double cpuMs, double readyMs) {
    }

    @Test
    void process_start_to_first_served_page() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path project = BenchConfig.projectDir();
        String jar = productionJar(project);
        List<Start> floor = new ArrayList<>();
        String testClasses = project.resolve("target/test-classes").toString();
        for (int i = 0; i < BenchConfig.STARTUPS; i++) {
            floor.add(startToFirstPage(List.of(java, "-cp", testClasses, MinimalServer.class.getName()), null, "/",
                    project));
        }
        // the README's command, run from the project folder: the archive holds the class path as it was given
        List<String> readme = List.of(java, "-XX:SharedArchiveFile=" + ARCHIVE, "-jar", jar);
        List<Start> withArchive = starts(readme, project);
        List<Start> withoutArchive = starts(List.of(java, "-jar", jar), project);
        List<Start> classpath = starts(List.of(java, "-cp", appClasspath(), "dev.modelyard.ModelyardApplication"),
                project);

        double first = withArchive.get(0).wallMs();
        BenchReport.compare(7, "Production jar (README command), empty data directory: process start to /login 200",
                "ms", List.of(first), "minimal JDK HTTP server", wall(floor), "≤ " + TARGET.toMillis() + " ms",
                BenchReport.atMost(first, TARGET.toMillis()));
        BenchReport.compare(7, "… its CPU time (user + system) until then", "ms", List.of(withArchive.get(0).cpuMs()),
                "minimal JDK HTTP server", cpu(floor), "", Verdict.INFO);
        BenchReport.compare(7, "… and to ready (health UP: admin account, jobs settled, every request served)", "ms",
                List.of(withArchive.get(0).readyMs()), "minimal JDK HTTP server", wall(floor), "", Verdict.INFO);
        if (withArchive.size() > 1) {
            BenchReport.compare(7, "Production jar (README command), restart on that data: to /login 200", "ms",
                    wall(withArchive.subList(1, withArchive.size())), "minimal JDK HTTP server", wall(floor), "",
                    Verdict.INFO);
        }
        BenchReport.compare(7, "Production jar without its CDS archive, empty data directory: to /login 200", "ms",
                List.of(withoutArchive.get(0).wallMs()), "minimal JDK HTTP server", wall(floor), "", Verdict.INFO);
        BenchReport.compare(7, "… its CPU time (user + system) until then", "ms",
                List.of(withoutArchive.get(0).cpuMs()), "minimal JDK HTTP server", cpu(floor), "", Verdict.INFO);
        BenchReport.compare(7, "Classpath run (target/classes), empty data directory: to /login 200", "ms",
                List.of(classpath.get(0).wallMs()), "minimal JDK HTTP server", wall(floor), "", Verdict.INFO);
        if (classpath.size() > 1) {
            BenchReport.compare(7, "Classpath run, restart on that data: to /login 200", "ms",
                    wall(classpath.subList(1, classpath.size())), "minimal JDK HTTP server", wall(floor), "",
                    Verdict.INFO);
        }
        BenchReport.detail(7, "Production jar: `java -XX:SharedArchiveFile=" + ARCHIVE + " -jar " + jar
                + "` from the project folder, as the README starts it; `./mvnw -Pproduction package` extracts the jar "
                + "there and writes the archive from one training start (docs/decisions/019-startup.md). Without the "
                + "archive: the same jar, `java -jar` alone. Classpath run: `java -cp target/classes:<runtime classpath> "
                + "dev.modelyard.ModelyardApplication`, Vaadin in whichever mode target/classes was last built for. "
                + "JVM defaults everywhere (on this machine: G1, max heap a quarter of RAM); polled every 10 ms; a "
                + "first start creates the database (Flyway, on the thread that builds Hibernate's metamodel) and the "
                + "admin user (one bcrypt, after the port opened: requests that need data wait for it at the start-up "
                + "gate, and health is 503 until then), restarts reuse them. CPU "
                + "time is the process's user + system time when the 200 arrived (all threads: JIT and GC included).");
    }

    /** One start on an empty data directory, then restarts on it; the directory is removed afterwards. */
    private List<Start> starts(List<String> command, Path workingDir) throws Exception {
        Path data = Files.createTempDirectory("modelyard-start-");
        List<Start> starts = new ArrayList<>();
        try {
            for (int i = 0; i < BenchConfig.STARTUPS; i++) {
                starts.add(startToFirstPage(command, data, "/login", workingDir));
            }
        } finally {
            deleteTree(data);
        }
        return starts;
    }

    private static String productionJar(Path project) throws IOException {
        Path dir = project.resolve(APP_DIR);
        if (!Files.exists(project.resolve(ARCHIVE))) {
            throw new IllegalStateException("no production build in " + dir + ": run ./mvnw -Pproduction package "
                    + "-DskipTests before the benchmarks (it extracts the jar and writes its CDS archive)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path jar = files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application jar in " + dir));
            return APP_DIR + "/" + jar.getFileName();
        }
    }

    private static List<Double> wall(List<Start> starts) {
        return starts.stream().map(Start::wallMs).toList();
    }

    private static List<Double> cpu(List<Start> starts) {
        return starts.stream().map(Start::cpuMs).toList();
    }

    /** Starts the command and polls {@code path} until it answers 200; returns the milliseconds, kills the process. */
    private Start startToFirstPage(List<String> command, Path dataDir, String path, Path workingDir) throws Exception {
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        if (dataDir != null) {
            full.add("--server.port=" + port);
            full.add("--modelyard.data-dir=" + dataDir);
        } else {
            full.add(Integer.toString(port));
        }
        Path log = Files.createTempFile("modelyard-start-", ".log");
        ProcessBuilder builder = new ProcessBuilder(full).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
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
                        double wall = (System.nanoTime() - start) / 1e6;
                        double cpu = process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6)
                                .orElse(Double.NaN);
                        return new Start(wall, cpu, dataDir == null ? Double.NaN : untilReady(port, start));
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

    /**
     * Milliseconds from {@code start} to the first 200 from health: the port opens before the start-up work (decision
     * 019), and health is OUT_OF_SERVICE (503) until that work is done and every request is served.
     */
    private double untilReady(int port, long start) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() - start < LIMIT.toNanos()) {
            if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("health never turned UP within " + LIMIT);
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
