package dev.modelyard.bench;

import static dev.modelyard.bench.BenchConfig.MB;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modelyard.TestDataDirectory;
import dev.modelyard.TestUsers;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.security.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Section 8, issue 12's targets, each beside its reference in the same run on the same disk: a REST upload beside
 * {@code cp} + fsync of the same file; re-registering identical bytes beside SHA-256 of the file in-process; a
 * download beside the JDK's SimpleFileServer serving the very blob file; a changed model re-registered
 * through the missing-blobs flow beside its full upload. Size: {@code -Dbench.storage.mb} (default 1024; quick 200).
 */
@BenchmarkTest
@Order(8)
class StorageThroughputBenchmark {

    private static final long SIZE = Long.getLong("bench.storage.mb", BenchConfig.QUICK ? 200 : 1024) * MB;
    private static final int FILES = 20;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    private BenchHttp http;

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void uploads_downloads_and_deltas_beside_the_disk_the_hash_and_a_static_file_server() throws Exception {
        TestUsers.ensureCreated(users);
        http = new BenchHttp(port, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        Path dir = Files.createDirectories(BenchConfig.scratchDir().resolve("storage-" + RUN));
        Path file = dir.resolve("model.bin");
        Path copy = dir.resolve("copy.bin");
        String label = TransferBenchmark.label(SIZE);
        try {
            BigFiles.write(file, SIZE, 21);
            Path warm = dir.resolve("warm.bin");
            BigFiles.write(warm, 32 * MB, 22);
            upload("bench-st-warm-" + RUN, warm, false);

            // 1. upload beside cp + fsync
            List<Double> app = new ArrayList<>();
            List<Double> cp = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            String model = "bench-st-" + RUN;
            Map<String, Object> last = null;
            for (int round = 1; round <= 2; round++) {
                BigFiles.stamp(file, round);
                cp.add(copyWithFsync(file, copy));
                Files.delete(copy);
                BigFiles.sync();
                HeapWatch watch = HeapWatch.start();
                long start = System.nanoTime();
                last = upload(model, file, true);
                long nanos = System.nanoTime() - start;
                watch.close();
                app.add(Stats.mbPerSecond(SIZE, nanos));
                heap.add(watch.retainedGrowth() / (double) MB);
            }
            BenchReport.compare(9, "Upload " + label + " through REST (filesystem store)", "MB/s", app,
                    "cp + fsync of the same file", cp, "≥ 0.8× cp + fsync", BenchReport.atLeast(
                            Stats.median(app) / Stats.median(cp), 0.8));
            BenchReport.compare(9, "Heap growth during a " + label + " upload", "MB", heap, "", List.of(Double.NaN),
                    "< 64 MB", BenchReport.atMost(Stats.max(heap), 64));

            // 2. identical bytes again beside hashing them in-process
            BigFiles.sync();
            long start = System.nanoTime();
            Map<String, Object> again = upload(model, file, true);
            double reRegister = Stats.mbPerSecond(SIZE, System.nanoTime() - start);
            BigFiles.sync();
            start = System.nanoTime();
            String sha = BigFiles.sha256(file);
            double hash = Stats.mbPerSecond(SIZE, System.nanoTime() - start);
            assertThat(((Number) ((Map<?, ?>) again.get("storage")).get("bytesNew")).longValue()).isZero();
            BenchReport.compare(9, "Re-register the same " + label, "MB/s", List.of(reRegister),
                    "SHA-256 of the file in-process", List.of(hash), "≥ 0.8× SHA-256",
                    BenchReport.atLeast(reRegister / hash, 0.8));

            // 3. download beside a static file server reading the same blob file
            int version = ((Number) last.get("version")).intValue();
            String path = "/api/v1/models/" + model + "/versions/" + version + "/files/model.bin";
            Path blobDir = TestDataDirectory.ROOT.resolve("objects/modelyard/blobs/sha256/" + sha.substring(0, 2));
            assertThat(blobDir.resolve(sha)).exists();
            List<Double> appGet = new ArrayList<>();
            List<Double> staticGet = new ArrayList<>();
            StaticServer server = StaticServer.start(blobDir);
            try {
                String url = "http://127.0.0.1:" + server.port() + "/" + sha;
                for (int round = 0; round < 3; round++) {
                    staticGet.add(timed(() -> BenchHttp.downloadUrl(url)));
                    appGet.add(timed(() -> http.download(path)));
                }
            } finally {
                server.stop();
            }
            BenchReport.compare(9, "Download one " + label + " file (GET …/files/{path}, sendfile)", "MB/s", appGet,
                    server.name() + ", same file", staticGet, "≥ 0.9× static server",
                    BenchReport.atLeast(Stats.median(appGet) / Stats.median(staticGet), 0.9));
            Files.deleteIfExists(file);

            delta(dir);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(BigFiles::delete);
            }
        }
    }

    /** A model of {@link #FILES} files (2 × SIZE in all) registered in full, then again with one file changed. */
    private void delta(Path dir) throws IOException {
        long each = 2 * SIZE / FILES;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path f = dir.resolve(String.format("shard-%02d.bin", i));
            BigFiles.write(f, each, 100 + i);
            files.add(f);
        }
        String model = "bench-st-delta-" + RUN;
        MultipartBody full = new MultipartBody().field("type", "custom_model");
        files.forEach(f -> full.file("files", f.getFileName().toString(), f));
        BigFiles.sync();
        long start = System.nanoTime();
        http.json(http.request("/api/v1/models/" + model + "/versions").header("Content-Type", full.contentType())
                .POST(full.publisher()).build(), 201);
        double fullSeconds = (System.nanoTime() - start) / 1e9;

        Path changed = files.get(7);
        BigFiles.stamp(changed, 4242);
        BigFiles.sync();
        start = System.nanoTime();
        Map<String, String> shas = new LinkedHashMap<>();
        files.forEach(f -> shas.put(f.getFileName().toString(), BigFiles.sha256(f)));
        double hashSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        Map<String, Object> answer = http.postJson("/api/v1/blobs/missing",
                Map.of("digests", new ArrayList<>(shas.values())), 200);
        @SuppressWarnings("unchecked")
        List<String> missing = (List<String>) answer.get("missing");
        List<Map<String, Object>> manifest = new ArrayList<>();
        shas.forEach((name, sha) -> manifest.add(Map.of("path", name, "sha256", sha, "size", each)));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                Map.of("type", "custom_model", "manifest", manifest));
        MultipartBody delta = new MultipartBody().field("manifest", json);
        long sent = 0;
        for (Path f : files) {
            if (missing.contains(shas.get(f.getFileName().toString()))) {
                delta.file("files", f.getFileName().toString(), f);
                sent += each;
            }
        }
        Map<String, Object> created = http.json(http.request("/api/v1/models/" + model + "/versions")
                .header("Content-Type", delta.contentType()).POST(delta.publisher()).build(), 201);
        double deltaSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(missing).hasSize(1);
        assertThat(((Number) ((Map<?, ?>) created.get("storage")).get("bytesNew")).longValue()).isEqualTo(each);

        String what = TransferBenchmark.label(2 * SIZE) + ", " + FILES + " files, one changed";
        BenchReport.compare(9, "Re-register " + what + ": missing-blobs flow", "s", List.of(deltaSeconds),
                "full upload of the model", List.of(fullSeconds), "≤ 0.1× full upload",
                BenchReport.atMost(deltaSeconds / fullSeconds, 0.1));
        BenchReport.compare(9, "Re-register " + what + ": flow incl. the client hashing its files", "s",
                List.of(deltaSeconds + hashSeconds), "full upload of the model", List.of(fullSeconds), "",
                Verdict.INFO);
        BenchReport.figure(9, "Re-register " + what + ": file bytes sent", "MB", sent / (double) MB,
                "≈ the changed file (" + each / MB + " MB)", sent == each ? Verdict.MET : Verdict.MISSED);
    }

    private Map<String, Object> upload(String model, Path file, boolean timed) {
        MultipartBody body = new MultipartBody().field("type", "custom_model").file("files", "model.bin", file);
        return http.json(http.request("/api/v1/models/" + model + "/versions")
                .header("Content-Type", body.contentType()).POST(body.publisher()).build(), 201);
    }

    private static double copyWithFsync(Path from, Path to) {
        BigFiles.sync();
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            long size = in.size();
            while (done < size) {
                done += in.transferTo(done, size - done, out);
            }
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Stats.mbPerSecond(SIZE, System.nanoTime() - start);
    }

    /**
     * The JDK's SimpleFileServer ({@code jwebserver}, JDK 18+) as its own process when a JDK on this machine has it
     * ({@code -Dbench.jwebserver=/path} or /usr/lib/jvm/*&#47;bin/jwebserver); else the same thing in-process on
     * JDK 17's HttpServer (a handler copying the file to the response, as SimpleFileServer does).
     */
    record StaticServer(String name, int port, Process process, HttpServer inProcess) {

        static StaticServer start(Path dir) throws IOException {
            Path jwebserver = jwebserver();
            if (jwebserver != null) {
                int port;
                try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                    port = probe.getLocalPort();
                }
                Process p = new ProcessBuilder(jwebserver.toString(), "-b", "127.0.0.1", "-p", String.valueOf(port),
                        "-d", dir.toAbsolutePath().toString(), "-o", "none").redirectErrorStream(true).start();
                // it prints one line once it listens
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
                return new StaticServer("jwebserver (JDK SimpleFileServer, own process)", port, p, null);
            }
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                Path f = dir.resolve(exchange.getRequestURI().getPath().substring(1));
                exchange.sendResponseHeaders(200, Files.size(f));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(f, out);
                }
            });
            server.start();
            return new StaticServer("JDK HttpServer file handler (in-process)", server.getAddress().getPort(), null,
                    server);
        }

        private static Path jwebserver() throws IOException {
            String configured = System.getProperty("bench.jwebserver");
            if (configured != null) {
                return Path.of(configured);
            }
            Path jvms = Path.of("/usr/lib/jvm");
            if (!Files.isDirectory(jvms)) {
                return null;
            }
            try (var list = Files.list(jvms)) {
                return list.map(j -> j.resolve("bin/jwebserver")).filter(Files::isExecutable).findFirst().orElse(null);
            }
        }

        void stop() {
            if (process != null) {
                process.destroy();
            } else {
                inProcess.stop(0);
            }
        }
    }

    private static double timed(java.util.function.LongSupplier download) {
        BigFiles.sync();
        long start = System.nanoTime();
        long bytes = download.getAsLong();
        long nanos = System.nanoTime() - start;
        assertThat(bytes).isEqualTo(SIZE);
        return Stats.mbPerSecond(bytes, nanos);
    }
}
