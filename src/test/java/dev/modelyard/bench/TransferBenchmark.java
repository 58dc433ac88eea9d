package dev.modelyard.bench;

import static dev.modelyard.bench.BenchConfig.GB;
import static dev.modelyard.bench.BenchConfig.MB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.security.UserService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sections 1–3: bytes through Modelyard's REST API beside the same bytes through the MinIO SDK straight into the
 * same embedded S3 server (the application's own {@link BlobStore} bean, so part size and client are identical).
 * Since issue 12 the default store is the filesystem, so these sections run the application in
 * {@code mode=embedded} (a context of their own) to keep measuring the S3 path; the filesystem default is measured
 * in section 8 ({@link StorageThroughputBenchmark}).
 * Each timed transfer starts after {@code sync}, so it never pays for the previous one's writes; the 1 GB rounds
 * alternate Modelyard and the SDK so drift on the machine hits both alike.
 */
@BenchmarkTest
@org.springframework.test.context.TestPropertySource(properties = "modelyard.storage.mode=embedded")
@Order(1)
class TransferBenchmark {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @LocalServerPort
    int port;
    @Autowired
    BlobStore store;
    @Autowired
    UserService users;

    private BenchHttp http;
    private final List<String> appKeys = new ArrayList<>();

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void upload_download_and_deduplication_beside_the_raw_sdk() throws Exception {
        TestUsers.ensureCreated(users);
        http = new BenchHttp(port, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        Path dir = Files.createDirectories(BenchConfig.scratchDir());
        Path small = dir.resolve("small-" + RUN + ".bin");
        Path large = dir.resolve("large-" + RUN + ".bin");
        Path warm = dir.resolve("warm-" + RUN + ".bin");
        try {
            BigFiles.write(warm, 32 * MB, 7);
            BigFiles.write(small, BenchConfig.SMALL_FILE, 11);
            BigFiles.write(large, BenchConfig.LARGE_FILE, 13);
            warmUp(warm);
            Upload lastSmall = uploads(small, large);
            downloads(lastSmall, large);
            deduplication(lastSmall, small);
        } finally {
            BigFiles.delete(warm);
            BigFiles.delete(small);
            BigFiles.delete(large);
            // the big blobs served their purpose; the versions pointing at them are benchmark leftovers
            appKeys.forEach(store::delete);
        }
    }

    private void warmUp(Path warm) {
        for (int i = 0; i < 3; i++) {
            BigFiles.stamp(warm, 1000 + i);
            rawPut(warm, null);
            Upload u = appUpload("bench-warm-" + RUN, warm, false);
            http.download(u.filePath());
            http.download(u.zipPath());
            http.drain(u.filePath());
            rawGet(u.key());
        }
    }

    // ---- 1. Upload ------------------------------------------------------------------------------------------

    private Upload uploads(Path small, Path large) {
        String smallLabel = label(BenchConfig.SMALL_FILE);
        String largeLabel = label(BenchConfig.LARGE_FILE);
        List<Double> app = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> appHeap = new ArrayList<>();
        List<Double> rawHeap = new ArrayList<>();
        Upload last = null;
        for (int round = 1; round <= BenchConfig.SMALL_ROUNDS; round++) {
            BigFiles.stamp(small, round); // new content each round: every registration really stores its bytes
            Transfer r = rawPut(small, rawHeap);
            raw.add(r.mbps());
            last = appUpload("bench-upload-" + RUN, small, true);
            app.add(last.transfer().mbps());
            appHeap.add(mb(last.transfer().heap().retainedGrowth()));
            heapDetail(1, "Upload " + smallLabel + " round " + round + ", Modelyard", last.transfer().heap());
            heapDetail(1, "Upload " + smallLabel + " round " + round + ", raw SDK", r.heap());
        }
        BenchReport.compare(1, "Upload " + smallLabel + " (REST multipart vs SDK put)", "MB/s", app,
                "raw SDK put", raw, "≥ 0.9× raw SDK", ratioVerdict(app, raw, 0.9));

        Transfer rawLarge = rawPut(large, null);
        Upload appLarge = appUpload("bench-upload-large-" + RUN, large, true);
        BenchReport.compare(1, "Upload " + largeLabel + " (REST multipart vs SDK put)", "MB/s",
                List.of(appLarge.transfer().mbps()), "raw SDK put", List.of(rawLarge.mbps()), "≥ 0.9× raw SDK",
                ratioVerdict(List.of(appLarge.transfer().mbps()), List.of(rawLarge.mbps()), 0.9));
        double growth = mb(appLarge.transfer().heap().retainedGrowth());
        BenchReport.compare(1, "Heap growth during the " + largeLabel + " upload", "MB", List.of(growth),
                "raw SDK put", List.of(mb(rawLarge.heap().retainedGrowth())), "< 64 MB", BenchReport.atMost(growth, 64));
        BenchReport.compare(1, "Heap growth during a " + smallLabel + " upload", "MB", appHeap, "raw SDK put", rawHeap,
                "< 64 MB", BenchReport.atMost(Stats.max(appHeap), 64));
        heapDetail(1, "Upload " + largeLabel + ", Modelyard", appLarge.transfer().heap());
        heapDetail(1, "Upload " + largeLabel + ", raw SDK", rawLarge.heap());
        BenchReport.detail(1, "Heap is this JVM's (the app, its embedded S3 server and the client share it): "
                + "'retained' is the highest heap occupancy right after any collection during the transfer minus the "
                + "settled heap before it (GC notifications; an upper bound of what the transfer kept alive); "
                + "'sampled peak' is used heap every 10 ms, garbage included.");
        return last;
    }

    private Upload appUpload(String model, Path file, boolean watchHeap) {
        MultipartBody body = new MultipartBody().field("type", "custom_model").file("files", "model.bin", file);
        HttpRequest request = http.request("/api/v1/models/" + model + "/versions")
                .header("Content-Type", body.contentType()).POST(body.publisher()).build();
        long size = MultipartBody.size(file);
        BigFiles.sync();
        HeapWatch heap = watchHeap ? HeapWatch.start() : null;
        long start = System.nanoTime();
        Map<String, Object> created = http.json(request, 201);
        long nanos = System.nanoTime() - start;
        if (heap != null) {
            heap.close();
        }
        int version = ((Number) created.get("version")).intValue();
        String base = "/api/v1/models/" + model + "/versions/" + version;
        String key = BlobKeys.forSha256(manifestSha(base));
        appKeys.add(key);
        @SuppressWarnings("unchecked")
        Map<String, Object> storage = (Map<String, Object>) created.get("storage");
        return new Upload(model, version, base, key, ((Number) storage.get("bytesNew")).longValue(),
                new Transfer(size, nanos, heap));
    }

    /** GET …/files answers a JSON array; read it as such. */
    private String manifestSha(String base) {
        var response = http.send(http.request(base + "/files").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        try {
            List<?> list = new com.fasterxml.jackson.databind.ObjectMapper().readValue(response.body(), List.class);
            return (String) ((Map<?, ?>) list.get(0)).get("sha256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Transfer rawPut(Path file, List<Double> heapGrowth) {
        String key = "bench/raw-" + UUID.randomUUID();
        long size = MultipartBody.size(file);
        BigFiles.sync();
        HeapWatch heap = HeapWatch.start();
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            store.put(key, in, size, "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long nanos = System.nanoTime() - start;
        heap.close();
        store.delete(key);
        if (heapGrowth != null) {
            heapGrowth.add(mb(heap.retainedGrowth()));
        }
        return new Transfer(size, nanos, heap);
    }

    // ---- 2. Download ----------------------------------------------------------------------------------------

    private void downloads(Upload small, Path large) {
        List<Double> appFile = new ArrayList<>();
        List<Double> appZip = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        long size = BenchConfig.SMALL_FILE;
        for (int round = 1; round <= BenchConfig.SMALL_ROUNDS; round++) {
            raw.add(rawGet(small.key()).mbps());
            appFile.add(timedGet(small.filePath(), size).mbps());
            appZip.add(timedGet(small.zipPath(), -1).mbps());
        }
        String smallLabel = label(size);
        BenchReport.compare(2, "Download one " + smallLabel + " file (GET …/files/{path})", "MB/s", appFile,
                "raw SDK get", raw, "≥ 0.9× raw SDK", ratioVerdict(appFile, raw, 0.9));
        double javaNet = timedGet(small.filePath(), size, true).mbps();
        BenchReport.compare(2, "Download one " + smallLabel + " file, read with java.net.http instead", "MB/s",
                List.of(javaNet), "raw SDK get", raw, "", Verdict.INFO);
        BenchReport.compare(2, "Download a " + smallLabel + " version as a streamed zip (GET …/download)", "MB/s",
                appZip, "raw SDK get of its file", raw, "≥ 0.9× raw SDK", ratioVerdict(appZip, raw, 0.9));

        Upload largeUpload = findLarge();
        double rawLarge = rawGet(largeUpload.key()).mbps();
        double appLarge = timedGet(largeUpload.filePath(), BenchConfig.LARGE_FILE).mbps();
        BenchReport.compare(2, "Download one " + label(BenchConfig.LARGE_FILE) + " file (GET …/files/{path})", "MB/s",
                List.of(appLarge), "raw SDK get", List.of(rawLarge), "≥ 0.9× raw SDK",
                ratioVerdict(List.of(appLarge), List.of(rawLarge), 0.9));
        BenchReport.detail(2, "Both sides read to the end through a 64 KB buffer and keep nothing. Modelyard is read "
                + "with OkHttp (HTTP Basic, loopback), the HTTP client inside the MinIO SDK, so both sides of each ratio "
                + "use the same client code; one extra row reads it with java.net.http. The zip's MB/s counts the "
                + "zip's bytes (stored entries, so about the file's size).");
    }

    private Upload findLarge() {
        // the large version is version 1 of its model; its key is the last recorded one
        String model = "bench-upload-large-" + RUN;
        return new Upload(model, 1, "/api/v1/models/" + model + "/versions/1", appKeys.get(appKeys.size() - 1), 0, null);
    }

    private Transfer timedGet(String path, long expected) {
        return timedGet(path, expected, false);
    }

    private Transfer timedGet(String path, long expected, boolean javaNetHttp) {
        BigFiles.sync();
        long start = System.nanoTime();
        long bytes = javaNetHttp ? http.drain(path) : http.download(path);
        long nanos = System.nanoTime() - start;
        if (expected >= 0) {
            assertThat(bytes).isEqualTo(expected);
        }
        return new Transfer(bytes, nanos, null);
    }

    private Transfer rawGet(String key) {
        BigFiles.sync();
        long start = System.nanoTime();
        long bytes;
        try (InputStream in = store.get(key)) {
            bytes = BenchHttp.drain(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Transfer(bytes, System.nanoTime() - start, null);
    }

    // ---- 3. Deduplication -----------------------------------------------------------------------------------

    private void deduplication(Upload first, Path sameFile) {
        String label = label(BenchConfig.SMALL_FILE);
        long before = storeBytes();
        Upload again = appUpload(first.model(), sameFile, false);
        long after = storeBytes();
        BigFiles.sync();
        long hashStart = System.nanoTime();
        BigFiles.sha256(sameFile);
        long hashNanos = System.nanoTime() - hashStart;
        BenchReport.compare(3, "Re-register the same " + label + ": time", "s",
                List.of(again.transfer().nanos() / 1e9), "SHA-256 of the file, in-process", List.of(hashNanos / 1e9),
                "", Verdict.INFO);
        BenchReport.figure(3, "Re-register the same " + label + ": bytesNew", "bytes", again.bytesNew(), "0",
                again.bytesNew() == 0 ? Verdict.MET : Verdict.MISSED);
        BenchReport.figure(3, "Re-register the same " + label + ": object store bytes after − before", "bytes",
                after - before, "0", after == before ? Verdict.MET : Verdict.MISSED);
        BenchReport.detail(3, String.format(Locale.ROOT, "Object store (S3 listing of the bucket): %,d bytes before, "
                + "%,d after re-registering version %d as version %d of %s.", before, after, first.version(),
                again.version(), first.model()));
    }

    private long storeBytes() {
        AtomicLong total = new AtomicLong();
        store.list("", stat -> total.addAndGet(stat.size()));
        return total.get();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void heapDetail(int section, String what, HeapWatch heap) {
        if (heap == null) {
            return;
        }
        BenchReport.detail(section, String.format(Locale.ROOT, "%s: heap before %.0f MB, retained peak %.0f MB "
                        + "(+%.0f), sampled peak %.0f MB, after %.0f MB, %d collections", what, mb(heap.before()),
                mb(heap.peakAfterGc()), mb(heap.retainedGrowth()), mb(heap.peakSampled()), mb(heap.after()),
                heap.collections()));
    }

    private static Verdict ratioVerdict(List<Double> app, List<Double> raw, double goal) {
        return BenchReport.atLeast(Stats.median(app) / Stats.median(raw), goal);
    }

    static String label(long bytes) {
        return bytes >= GB ? (bytes / GB) + " GB" : (bytes / MB) + " MB";
    }

    static double mb(long bytes) {
        return bytes / (double) MB;
    }

    record Transfer(long bytes, long nanos, HeapWatch heap) {
        double mbps() {
            return Stats.mbPerSecond(bytes, nanos);
        }
    }

    record Upload(String model, int version, String base, String key, long bytesNew, Transfer transfer) {
        String filePath() {
            return base + "/files/model.bin";
        }

        String zipPath() {
            return base + "/download";
        }
    }
}
