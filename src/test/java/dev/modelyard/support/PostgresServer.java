package dev.modelyard.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's packages, in a temporary folder, on a free loopback port.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user the package created.
 * Fails loudly when PostgreSQL is not installed ({@code apt-get install postgresql}; .ci/run does it).
 */
public final class PostgresServer {

    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** One server per test JVM, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String username() {
        return "modelyard";
    }

    /**
     * A server of the caller's own, for tests that stop and start it (outages): never the shared one, whose
     * users would fail meanwhile. Stopped and removed when the JVM exits.
     */
    public static PostgresServer startPrivate() {
        PostgresServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    /** Stops the server at once (as a crash or an outage would), keeping its data. */
    public void pause() {
        try {
            run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop")));
        } catch (IOException e) {
            throw new IllegalStateException("could not stop PostgreSQL", e);
        }
    }

    /** Starts it again on the same port and data; returns once it accepts connections. */
    public void resume() {
        try {
            startServer(bin, dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL", e);
        }
    }

    private static void startServer(Path bin, Path dir, int port) throws IOException {
        run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start")));
    }

    private static PostgresServer start() {
        try {
            Path bin = findBinaries();
            Path dir = Files.createTempDirectory("modelyard-pg-");
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            Path data = dir.resolve("data");
            run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "modelyard",
                    "--auth=trust", "-E", "UTF8", "--no-sync")));
            int port = freePort();
            startServer(bin, dir, port);
            return new PostgresServer(bin, dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL", e);
        }
    }

    private void stop() {
        try {
            run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop")));
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL: " + e);
        }
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL tests need Debian's postgresql package: apt-get install -y postgresql");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command.get(command.size() > 4 ? 4 : 0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
