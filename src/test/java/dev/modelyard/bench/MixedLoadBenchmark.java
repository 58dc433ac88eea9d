package dev.modelyard.bench;

import dev.modelyard.TestUsers;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.security.UserService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Section 8: 64 clients for 60 s (10 s in quick mode) mixing searches (plain words, a tag glob, and the worst glob
 * against 500-character tag values), single-file downloads and registrations, with p50/p99 per kind. The only
 * refusals allowed are the deliberate ones (503 when a search runs out of its time budget); anything else fails
 * the run.
 */
@BenchmarkTest
@Order(2)
class MixedLoadBenchmark {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int CLIENTS = 64;
    private static final double SECONDS = BenchConfig.QUICK ? 10 : 60;
    private static final String WORST_GLOB = "owner~" + "*a".repeat(12) + "*b";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private String auth;

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void sixty_four_clients_mixing_searches_downloads_and_registrations() throws Exception {
        TestUsers.ensureCreated(users);
        auth = "Basic " + Base64.getEncoder().encodeToString((TestUsers.CONTRIBUTOR + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String model = "mixload-" + RUN;
        byte[] payload = new byte[256 * 1024];
        new Random(1).nextBytes(payload);
        for (int i = 0; i < 20; i++) {
            register(model, payload, "owner=" + "a".repeat(499) + "c");
        }
        AtomicInteger registrations = new AtomicInteger();
        Load.Result result = Load.forDuration(CLIENTS, 2, SECONDS, (thread, index) -> {
            switch ((thread + index) % 6) {
                case 0 -> timed("search: words", search("q=" + enc("mixload")));
                case 1 -> timed("search: tag glob", search("q=" + enc("owner~*a*c")));
                case 2 -> timed("search: worst glob", search("q=" + enc(WORST_GLOB)));
                case 3, 4 -> timed("download 256 KB", () -> {
                    HttpResponse<byte[]> r = http.send(request("/api/v1/models/" + model + "/versions/"
                            + (1 + (index % 20)) + "/files/model.bin").build(), HttpResponse.BodyHandlers.ofByteArray());
                    check(r.statusCode() == 200 && r.body().length == payload.length, "download", r.statusCode());
                    return 200;
                });
                default -> timed("registration", () -> {
                    register("mixload-" + RUN + "-" + (registrations.incrementAndGet() % 32), new byte[1024],
                            "team=load");
                    return 201;
                });
            }
        });
        if (result.errors() > 0) {
            throw new AssertionError(result.errors() + " requests failed; first: " + result.firstError(),
                    result.firstError());
        }
        for (var kind : new TreeMap<>(latencies).entrySet()) {
            List<Double> samples = kind.getValue();
            BenchReport.figure(8, kind.getKey() + ", p50", "ms", Stats.percentile(samples, 50), "", Verdict.INFO);
            BenchReport.figure(8, kind.getKey() + ", p99", "ms", Stats.percentile(samples, 99), "", Verdict.INFO);
            BenchReport.figure(8, kind.getKey() + ", requests", "count", samples.size(), "", Verdict.INFO);
        }
        refusals.forEach((kind, count) -> BenchReport.figure(8, kind + ", refused 503 (time budget)", "count",
                count.get(), "", Verdict.INFO));
        BenchReport.detail(8, String.format(java.util.Locale.ROOT, "%d clients for %.0f s after 2 s of warm-up over "
                + "20 versions with a 500-character tag value; worst glob `%s`; 0 errors (a 503 from a search that "
                + "ran out of `modelyard.query.timeout-seconds` is a deliberate refusal and counted apart).",
                CLIENTS, SECONDS, WORST_GLOB));
    }

    @FunctionalInterface
    private interface Call {
        int run() throws Exception;
    }

    private void timed(String kind, Call call) throws Exception {
        long start = System.nanoTime();
        int status = call.run();
        double ms = (System.nanoTime() - start) / 1e6;
        if (status == 503) {
            refusals.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(ms);
    }

    private Call search(String query) {
        return () -> {
            HttpResponse<String> r = http.send(request("/api/v1/models?size=20&" + query).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r.statusCode() == 200 || r.statusCode() == 503, query, r.statusCode());
            return r.statusCode();
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", auth)
                .timeout(Duration.ofMinutes(2));
    }

    private void register(String model, byte[] content, String tag) throws Exception {
        String boundary = "mix-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n" + tag + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"model.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(request("/api/v1/models/" + model + "/versions")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(content), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(), HttpResponse.BodyHandlers.ofString());
        check(r.statusCode() == 201, "registration " + r.body(), r.statusCode());
    }

    private static void check(boolean ok, String what, int status) {
        if (!ok) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
