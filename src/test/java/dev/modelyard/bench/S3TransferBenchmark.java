package dev.modelyard.bench;

import static dev.modelyard.bench.BenchConfig.MB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.MinioBlobStore;
import dev.modelyard.security.UserService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Section 8, the S3 side of issue 12: the application on an S3 store (the embedded S3Proxy, started in this JVM
 * by mode=embedded, standing in for an external server) beside the raw MinIO SDK putting and getting the same
 * file through the application's own store bean. Its own Spring context. Size as {@link StorageThroughputBenchmark}.
 */
@BenchmarkTest
@TestPropertySource(properties = "modelyard.storage.mode=embedded")
@Order(9)
class S3TransferBenchmark {

    private static final long SIZE = Long.getLong("bench.storage.mb", BenchConfig.QUICK ? 200 : 1024) * MB;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    BlobStore store;

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void streamed_uploads_and_downloads_beside_the_raw_sdk() throws Exception {
        assertThat(store).isInstanceOf(MinioBlobStore.class);
        TestUsers.ensureCreated(users);
        BenchHttp http = new BenchHttp(port, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        Path dir = Files.createDirectories(BenchConfig.scratchDir().resolve("s3-" + RUN));
        Path file = dir.resolve("model.bin");
        String label = TransferBenchmark.label(SIZE);
        try {
            BigFiles.write(file, SIZE, 31);
            List<Double> app = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            List<Double> appHeap = new ArrayList<>();
            List<Double> rawHeap = new ArrayList<>();
            String model = "bench-s3-" + RUN;
            Map<String, Object> last = null;
            for (int round = 0; round <= 2; round++) { // round 0 warms up
                BigFiles.stamp(file, 100 + round);
                String key = "bench/raw-" + UUID.randomUUID();
                BigFiles.sync();
                HeapWatch heap = HeapWatch.start();
                long start = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    store.put(key, in, SIZE, "application/octet-stream");
                }
                double rawMbps = Stats.mbPerSecond(SIZE, System.nanoTime() - start);
                heap.close();
                store.delete(key);
                BigFiles.stamp(file, 200 + round);
                MultipartBody body = new MultipartBody().field("type", "custom_model").file("files", "model.bin", file);
                BigFiles.sync();
                HeapWatch appWatch = HeapWatch.start();
                start = System.nanoTime();
                last = http.json(http.request("/api/v1/models/" + model + "/versions")
                        .header("Content-Type", body.contentType()).POST(body.publisher()).build(), 201);
                double appMbps = Stats.mbPerSecond(SIZE, System.nanoTime() - start);
                appWatch.close();
                if (round > 0) {
                    raw.add(rawMbps);
                    app.add(appMbps);
                    rawHeap.add(heap.retainedGrowth() / (double) MB);
                    appHeap.add(appWatch.retainedGrowth() / (double) MB);
                }
            }
            BenchReport.compare(9, "S3 store: upload " + label + " through REST (streamed into S3)", "MB/s", app,
                    "raw SDK put, same server", raw, "≥ 0.9× raw SDK",
                    BenchReport.atLeast(Stats.median(app) / Stats.median(raw), 0.9));
            BenchReport.compare(9, "S3 store: heap growth during a " + label + " upload", "MB", appHeap,
                    "raw SDK put", rawHeap, "< 64 MB", BenchReport.atMost(Stats.max(appHeap), 64));

            int version = ((Number) last.get("version")).intValue();
            String path = "/api/v1/models/" + model + "/versions/" + version + "/files/model.bin";
            String key = "bench/get-" + UUID.randomUUID();
            try (InputStream in = Files.newInputStream(file)) {
                store.put(key, in, SIZE, "application/octet-stream");
            }
            List<Double> appGet = new ArrayList<>();
            List<Double> rawGet = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                BigFiles.sync();
                long start = System.nanoTime();
                try (InputStream in = store.get(key)) {
                    assertThat(BenchHttp.drain(in)).isEqualTo(SIZE);
                }
                rawGet.add(Stats.mbPerSecond(SIZE, System.nanoTime() - start));
                BigFiles.sync();
                start = System.nanoTime();
                assertThat(http.download(path)).isEqualTo(SIZE);
                appGet.add(Stats.mbPerSecond(SIZE, System.nanoTime() - start));
            }
            store.delete(key);
            BenchReport.compare(9, "S3 store: download one " + label + " file (GET …/files/{path})", "MB/s", appGet,
                    "raw SDK get, same server", rawGet, "≥ 0.9× raw SDK",
                    BenchReport.atLeast(Stats.median(appGet) / Stats.median(rawGet), 0.9));
            BenchReport.detail(9, "S3 rows: the application in mode=embedded (S3Proxy in this JVM over the data "
                    + "directory) stands in for an external S3 server process; client, application and S3 server "
                    + "share the 2 cores. Heap is this JVM's, S3Proxy included.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BigFiles.delete(file);
            Files.deleteIfExists(dir);
        }
    }
}
