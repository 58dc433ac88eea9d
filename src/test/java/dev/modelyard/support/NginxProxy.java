package dev.modelyard.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx as a child process in front of Modelyard nodes, running the README's configuration
 * ({@code docs/production/nginx.conf}) with its two example addresses replaced by the nodes' ports and its listen,
 * pid and log paths moved into a temp folder. Stopped by its own pid.
 */
public final class NginxProxy implements AutoCloseable {

    public static final Path CONFIG = Path.of("docs/production/nginx.conf");
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxProxy(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static NginxProxy start(int nodeA, int nodeB) throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException("nginx is not installed: apt-get install nginx (what .ci/run does)");
        }
        Path dir = Files.createTempDirectory("nginx-test");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String config = Files.readString(CONFIG)
                .replace("10.0.0.11:8080", "127.0.0.1:" + nodeA)
                .replace("10.0.0.12:8080", "127.0.0.1:" + nodeB)
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("/run/modelyard-nginx.pid", dir.resolve("nginx.pid").toString())
                .replace("/var/log/nginx/", dir + "/");
        // a log line per request naming the node that answered, so tests can tell requests were spread
        config = config.replace("access_log " + dir + "/modelyard-access.log;",
                "log_format upstream '$upstream_addr $status $request_method $uri';\n"
                        + "    access_log " + dir + "/modelyard-access.log upstream;");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(NGINX.toString(), "-c", file.toString(), "-p", dir.toString(),
                "-g", "daemon off; master_process on;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
                }
                Thread.sleep(50); // waiting for a port to open: nothing to wait on
            }
        }
        return new NginxProxy(process, port, dir);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The access log: one line per request, "upstream-address status method uri". */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("modelyard-access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
