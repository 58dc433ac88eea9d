package dev.modelyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Section 4: registering a model from a completed job's output folder over REST — the call CI pipelines make
 * after training — with 1 and 16 client threads on distinct names, and 64 threads on one name. The reference is
 * the HTTP floor of the same server and client: an anonymous GET of /actuator/health with as many threads.
 */
@BenchmarkTest
@Order(2)
class RegistrationBenchmark {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    ArtifactService artifacts;

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void registration_by_reference_latency_and_throughput() throws Exception {
        TestUsers.ensureCreated(users);
        BenchHttp http = new BenchHttp(port, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        String job = completedJob();
        Map<String, Object> body = Map.of("type", "custom_model",
                "source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model");
        HttpRequest health = http.request("/actuator/health").GET().build();

        // warm-up of both paths until the JIT has compiled them: steady state is what is measured
        Load.forDuration(4, 0, BenchConfig.QUICK ? 3 : 10, (t, i) -> http.postJson(path("warm-" + t + "-" + i), body, 201));
        Load.forDuration(4, 0, BenchConfig.QUICK ? 1 : 3, (t, i) -> expect200(http, health));

        Load.Result serial = Load.fixed(1, BenchConfig.SERIAL_REGISTRATIONS,
                (t, i) -> http.postJson(path("serial-" + i), body, 201));
        Load.Result serialFloor = Load.fixed(1, BenchConfig.SERIAL_REGISTRATIONS, (t, i) -> expect200(http, health));
        Load.Result parallel = Load.forDuration(16, 2, BenchConfig.LOAD_SECONDS,
                (t, i) -> http.postJson(path("t" + t + "-" + i), body, 201));
        Load.Result parallelFloor = Load.forDuration(16, 1, BenchConfig.LOAD_SECONDS, (t, i) -> expect200(http, health));
        assertThat(serial.errors()).as("errors, first: %s", serial.firstError()).isZero();
        assertThat(parallel.errors()).as("errors, first: %s", parallel.firstError()).isZero();

        latencyRows("1 thread", serial, serialFloor);
        BenchReport.compare(4, "Register by reference, 1 thread: throughput", "req/s", List.of(serial.perSecond()),
                "GET /actuator/health", List.of(serialFloor.perSecond()), "", Verdict.INFO);
        latencyRows("16 threads", parallel, parallelFloor);
        BenchReport.compare(4, "Register by reference, 16 threads: throughput", "req/s", List.of(parallel.perSecond()),
                "GET /actuator/health", List.of(parallelFloor.perSecond()), "≥ 500/s",
                BenchReport.atLeast(parallel.perSecond(), 500));

        hotName(http, body, parallel.perSecond());
        BenchReport.detail(4, String.format(Locale.ROOT, "Job %s (sh script writing outputs/model/model.bin and "
                + "config.json); each registration is JSON {type: custom_model, source: azureml://jobs/%s/outputs/"
                + "artifacts/paths/outputs/model} with HTTP Basic sent up front, java.net.http HTTP/1.1 keep-alive. "
                + "1 thread: %d calls in sequence; 16 threads: closed loop, %d s measured after 2 s warm-up "
                + "(%d calls); both after 10 s of warm-up load on each path.", job, job, serial.latencies().size(), BenchConfig.LOAD_SECONDS,
                parallel.latencies().size()));
    }

    private void latencyRows(String threads, Load.Result result, Load.Result floor) {
        for (double p : new double[]{50, 95, 99}) {
            String target = p == 95 ? "< 20 ms" : "";
            Verdict verdict = p == 95 ? BenchReport.atMost(result.p(95), 20) : Verdict.INFO;
            BenchReport.row(new BenchReport.Row(4, String.format(Locale.ROOT, "Register by reference, %s: p%.0f latency",
                    threads, p), "ms", result.p(p), "GET /actuator/health", floor.p(p), target, verdict,
                    p == 50 ? result.latencies() : List.of(), p == 50 ? floor.latencies() : List.of()));
        }
    }

    private void hotName(BenchHttp http, Map<String, Object> body, double distinctThroughput) throws Exception {
        String name = "bench-hot-" + RUN;
        List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        Load.Result hot = Load.fixed(BenchConfig.HOT_THREADS, BenchConfig.HOT_PER_THREAD, (t, i) -> {
            Map<String, Object> created = http.postJson("/api/v1/models/" + name + "/versions", body, 201);
            numbers.add(((Number) created.get("version")).intValue());
        });
        int n = BenchConfig.HOT_THREADS * BenchConfig.HOT_PER_THREAD;
        List<Integer> sorted = new ArrayList<>(numbers);
        Collections.sort(sorted);
        boolean exact = hot.errors() == 0 && sorted.equals(IntStream.rangeClosed(1, n).boxed().toList());
        Map<String, Object> model = http.get("/api/v1/models/" + name);
        boolean latestIsN = ((Number) model.get("latestVersion")).intValue() == n
                && ((Number) model.get("versionCount")).intValue() == n;
        BenchReport.compare(4, String.format(Locale.ROOT, "One hot name, %d threads × %d: throughput",
                        BenchConfig.HOT_THREADS, BenchConfig.HOT_PER_THREAD), "req/s", List.of(hot.perSecond()),
                "16 threads, distinct names", List.of(distinctThroughput), "≥ 200/s, numbers exactly 1..N",
                exact && latestIsN && hot.perSecond() >= 200 ? Verdict.MET : Verdict.MISSED);
        BenchReport.detail(4, String.format(Locale.ROOT, "Hot name %s: %d registrations, %d errors%s; the version "
                        + "numbers returned are %s1..%d; the model reports latest %s of %s versions. p50 %.1f ms, "
                        + "p99 %.1f ms.", name, numbers.size(), hot.errors(),
                hot.firstError() == null ? "" : " (first: " + hot.firstError() + ")", exact ? "exactly " : "NOT ",
                n, model.get("latestVersion"), model.get("versionCount"), hot.p(50), hot.p(99)));
    }

    private static String path(String suffix) {
        return "/api/v1/models/bench-ref-" + RUN + "-" + suffix + "/versions";
    }

    private static void expect200(BenchHttp http, HttpRequest request) {
        int status = http.status(request);
        if (status != 200) {
            throw new IllegalStateException("health answered " + status);
        }
    }

    /** Submits a job whose script writes a small model folder, and waits for it to complete. */
    private String completedJob() throws InterruptedException {
        String[] name = new String[1];
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload code = ModelTestData.stageText(artifacts, Map.of("train.sh", """
                    mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                    echo "weights of $MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.bin"
                    echo '{"framework": "none"}' > "$MODELYARD_OUTPUTS_DIR/model/config.json"
                    """))) {
                name[0] = jobs.submit(new SubmitJobCommand("sh train.sh", "python-3@latest", "local", "bench job",
                        "bench", null, null, null, null), code).name();
            }
        });
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JobDetails[] now = new JobDetails[1];
            TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> now[0] = jobQueries.get(name[0]));
            if (now[0].status().isTerminal()) {
                assertThat(now[0].status()).isEqualTo(JobStatus.COMPLETED);
                return name[0];
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + name[0] + " did not complete in 2 minutes");
    }
}
