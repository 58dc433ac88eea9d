package dev.modelyard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy's standalone jar (copied to target/s3proxy by the build) as an S3 server in its own OS process, on a
 * free loopback port, over a folder: the "external S3" of the production-profile tests. It can be stopped and
 * started again on the same port and folder, as an outage and its end.
 */
public final class ExternalS3Server implements AutoCloseable {

    static final Path JAR = Path.of("target", "s3proxy", "s3proxy-server.jar");

    private final Path dir;
    private final int port;
    private final String accessKey = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();
    private Process process;

    private ExternalS3Server(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A new server over a fresh folder under target/. */
    public static ExternalS3Server start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests through Maven (./mvnw verify), whose "
                    + "process-test-resources phase copies S3Proxy's jar-with-dependencies there");
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-data", "s3-" + UUID.randomUUID()).toAbsolutePath());
            ExternalS3Server server = new ExternalS3Server(dir, freePort());
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The folder the server keeps its buckets in. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Starts the process (again) on the same port and folder; returns once it accepts requests. */
    public synchronized void resume() {
        try {
            Files.createDirectories(dataDir());
            Path properties = dir.resolve("s3proxy.properties");
            try (Writer w = Files.newBufferedWriter(properties)) {
                w.write("s3proxy.endpoint=" + endpoint() + "\n");
                w.write("s3proxy.authorization=aws-v2-or-v4\n");
                w.write("s3proxy.identity=" + accessKey + "\n");
                w.write("s3proxy.credential=" + secretKey + "\n");
                w.write("jclouds.provider=filesystem\n");
                w.write("jclouds.filesystem.basedir=" + dataDir() + "\n");
                w.write("jclouds.identity=" + accessKey + "\n");
                w.write("jclouds.credential=" + secretKey + "\n");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                    JAR.toAbsolutePath().toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true).start();
            awaitStarted(process, dir.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Proxy", e);
        }
    }

    /** Stops the process (the outage); its folder stays. */
    public synchronized void pause() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        pause();
    }

    /** Reads the server's output until Jetty says it listens; the rest goes on being copied to server.log. */
    private static void awaitStarted(Process process, Path log) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            out.write(line + "\n");
            seen.append(line).append('\n');
            if (line.contains("Started Server")) {
                Thread drain = new Thread(() -> {
                    try (out; lines) {
                        String more;
                        while ((more = lines.readLine()) != null) {
                            out.write(more + "\n");
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                }, "s3proxy-log");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        out.close();
        throw new IllegalStateException("S3Proxy exited before listening:\n" + seen);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
