package dev.modelyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.bench.BenchReport.Row;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.support.ExternalS3Server;
import dev.modelyard.support.PostgresServer;
import dev.modelyard.support.RayHead;
import dev.modelyard.support.ServerProcess;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sections 12 and 13 (issue 14), on the production layout of TwoNodeTest without nginx: two Modelyard processes on
 * one PostgreSQL and one external S3 server (S3Proxy), each with the full JIT (not the tests' quick-start flags).
 *
 * <p>Section 12: registration by reference (JSON {@code source: azureml://jobs/<job>/outputs/…/model}: 0 new bytes,
 * section 4's call) by 16 client threads in a closed loop, all against node A, then spread over A and B (thread t
 * calls node t mod 2: what a load balancer does, without nginx's own CPU in the figure). Rounds alternate 1 node and 2
 * nodes. Beside throughput, the CPU time each process used per registration (from /proc), and the machine's busy
 * share: on a machine where the nodes, PostgreSQL and the client share the cores, a second node adds no cores.
 *
 * <p>Section 13: a burst of short jobs ({@code sh run.sh}, printing the time its command started) submitted over REST
 * to node A alone, first to {@code local} (2 slots), then to a compute target of kind {@code ray} (2 slots, 1 CPU
 * each) on a Ray head started on loopback: queue-to-start latency (Queued → Running in the status history, and to
 * the command's first line), run time and total time.
 */
@Order(12)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutBenchmark {

    private static final int THREADS = 16;
    private static final double WARMUP_SECONDS = BenchConfig.QUICK ? 3 : 20;
    private static final double ROUND_SECONDS = BenchConfig.QUICK ? 4 : 10;
    private static final int ROUNDS = BenchConfig.QUICK ? 1 : 3;
    private static final int JOBS = BenchConfig.QUICK ? 20 : 200;
    private static final int JOB_SLOTS = 2;
    private static final List<String> PEAK_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static PostgresServer database;
    private static ExternalS3Server storage;
    private static final Map<String, ServerProcess> nodes = new LinkedHashMap<>();
    private static long postgresPid;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        database = PostgresServer.startPrivate();
        storage = ExternalS3Server.start();
        String port = database.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1");
        postgresPid = ProcessCpu.findByArguments(List.of("-p", port)).orElseThrow();
        for (String node : List.of("node-a", "node-b")) {
            Map<String, String> properties = ServerProcess.nodeOf(database, storage, node, JOB_SLOTS);
            properties.put("modelyard.jobs.ray.python", RayHead.PYTHON.toString());
            nodes.put(node, ServerProcess.start(dir.resolve(node), properties, PEAK_JVM));
        }
    }

    @AfterAll
    static void stop() {
        BenchReport.write();
        nodes.values().forEach(ServerProcess::close);
        if (storage != null) {
            storage.close();
        }
    }

    /** CPU milliseconds used so far by each party, and by the whole machine. */
    private record Cpu(double nodeA, double nodeB, double postgres, double client, ProcessCpu.Machine machine) {
        static Cpu now() {
            return new Cpu(ProcessCpu.treeMs(nodes.get("node-a").pid()), ProcessCpu.treeMs(nodes.get("node-b").pid()),
                    ProcessCpu.treeMs(postgresPid),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() / 1e6, ProcessCpu.Machine.now());
        }
    }

    /** One measured round: registrations, throughput, and the CPU each party spent per registration. */
    private record Round(int registrations, double perSecond, double p50, double nodeA, double nodeB,
                         double postgres, double client, double machineBusyShare) {
        static Round of(Load.Result result, Cpu before, Cpu after) {
            int n = result.latencies().size();
            double busy = after.machine().busyMs() - before.machine().busyMs();
            double total = after.machine().totalMs() - before.machine().totalMs();
            return new Round(n, result.perSecond(), result.p(50), (after.nodeA() - before.nodeA()) / n,
                    (after.nodeB() - before.nodeB()) / n, (after.postgres() - before.postgres()) / n,
                    (after.client() - before.client()) / n, busy / total);
        }
    }

    @Test
    @Order(1)
    void registration_by_reference_on_two_nodes_against_one() throws Exception {
        ServerProcess a = nodes.get("node-a");
        ServerProcess b = nodes.get("node-b");
        String job = submitJob(a, "local", """
                mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                echo "weights of $MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.bin"
                echo '{"framework": "none"}' > "$MODELYARD_OUTPUTS_DIR/model/config.json"
                """, "bench-scale");
        awaitTerminal(List.of(job), Duration.ofMinutes(2));
        assertThat(status(job)).isEqualTo("COMPLETED");
        Map<String, Object> body = Map.of("type", "custom_model",
                "source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model");
        List<BenchHttp> clients = List.of(new BenchHttp(a.port(), "admin", ServerProcess.ADMIN_PASSWORD),
                new BenchHttp(b.port(), "admin", ServerProcess.ADMIN_PASSWORD));

        // warm-up of both nodes until the JIT has compiled the path: steady state is what is measured
        Load.forDuration(THREADS, 0, WARMUP_SECONDS, (t, i) -> clients.get(t % 2).postJson(path("warm-" + t + "-" + i),
                body, 201));

        List<Round> one = new ArrayList<>();
        List<Round> two = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            one.add(measure(t -> clients.get(0), "one-" + r, body));
            two.add(measure(t -> clients.get(t % 2), "two-" + r, body));
        }

        List<Double> onePerSecond = one.stream().map(Round::perSecond).toList();
        List<Double> twoPerSecond = two.stream().map(Round::perSecond).toList();
        double ratio = Stats.median(twoPerSecond) / Stats.median(onePerSecond);
        BenchReport.compare(12, "Register by reference, 16 threads over 2 nodes: throughput", "req/s", twoPerSecond,
                "the same on 1 node", onePerSecond, "≥ 1.6× on separate cores",
                Verdict.INFO);
        BenchReport.figure(12, "Throughput ratio 2 nodes / 1 node on this machine (cores shared)", "×", ratio,
                "≥ 1.6× on separate cores", Verdict.INFO);
        BenchReport.row(new Row(12, "Register by reference, 16 threads over 2 nodes: p50 latency", "ms",
                Stats.median(two.stream().map(Round::p50).toList()), "the same on 1 node",
                Stats.median(one.stream().map(Round::p50).toList()), "", Verdict.INFO, List.of(), List.of()));

        Round o = one.get(one.size() - 1);
        Round w = two.get(two.size() - 1);
        BenchReport.row(new Row(12, "CPU per registration, Modelyard nodes (sum), 2 nodes", "ms", w.nodeA() + w.nodeB(),
                "1 node", o.nodeA() + o.nodeB(), "", Verdict.INFO, List.of(w.nodeA(), w.nodeB()),
                List.of(o.nodeA(), o.nodeB())));
        BenchReport.row(new Row(12, "CPU per registration, PostgreSQL, 2 nodes", "ms", w.postgres(), "1 node",
                o.postgres(), "", Verdict.INFO, List.of(w.postgres()), List.of(o.postgres())));
        BenchReport.row(new Row(12, "CPU per registration, the client (16 threads, this JVM), 2 nodes", "ms", w.client(),
                "1 node", o.client(), "", Verdict.INFO, List.of(w.client()), List.of(o.client())));
        BenchReport.row(new Row(12, "Machine busy (all cores), 2 nodes", "%", 100 * w.machineBusyShare(), "1 node",
                100 * o.machineBusyShare(), "", Verdict.INFO, List.of(100 * w.machineBusyShare()),
                List.of(100 * o.machineBusyShare())));

        // what separate cores would allow, from the CPU cost measured here (an estimate, not a measurement): a node on
        // a core of its own serves at most 1000/node-ms registrations a second; PostgreSQL on one core 1000/pg-ms.
        // The costs are those of the 2-node rounds, where both nodes serve (each node's background work included).
        double nodeMs = w.nodeA() + w.nodeB();
        double pgMs = w.postgres();
        double oneNodeCeiling = Math.min(1000 / nodeMs, 1000 / pgMs);
        double twoNodeCeiling = Math.min(2 * 1000 / nodeMs, 1000 / pgMs);
        BenchReport.figure(12, "Estimated ratio with a core per node and one for PostgreSQL (from CPU per registration)",
                "×", twoNodeCeiling / oneNodeCeiling, "≥ 1.6×", BenchReport.atLeast(twoNodeCeiling / oneNodeCeiling, 1.6));

        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < ROUNDS; i++) {
            BenchReport.detail(12, String.format(Locale.ROOT, "Round %d: 1 node %.0f/s (%d calls; CPU ms per registration:"
                    + " node A %.2f, node B %.2f, PostgreSQL %.2f, client %.2f; machine %.0f %% busy) — 2 nodes %.0f/s "
                    + "(%d calls; node A %.2f, node B %.2f, PostgreSQL %.2f, client %.2f; machine %.0f %% busy).", i + 1,
                    one.get(i).perSecond(), one.get(i).registrations(), one.get(i).nodeA(), one.get(i).nodeB(),
                    one.get(i).postgres(), one.get(i).client(), 100 * one.get(i).machineBusyShare(),
                    two.get(i).perSecond(), two.get(i).registrations(), two.get(i).nodeA(), two.get(i).nodeB(),
                    two.get(i).postgres(), two.get(i).client(), 100 * two.get(i).machineBusyShare()));
        }
        BenchReport.detail(12, String.format(Locale.ROOT, "Two Modelyard processes (JVM %s) on one private PostgreSQL "
                + "and one S3Proxy process; job %s wrote outputs/model; each call is POST /api/v1/models/<new name>/versions "
                + "{type: custom_model, source: azureml://jobs/%s/outputs/artifacts/paths/outputs/model} (0 new bytes) "
                + "as admin with HTTP Basic, java.net.http keep-alive. %d client threads in a closed loop, %.0f s per "
                + "round after %.0f s of warm-up on both nodes, rounds alternating 1 node (all threads to A) and 2 nodes "
                + "(thread t to node t mod 2). CPU is user + system time from /proc of each node's JVM, of the "
                + "PostgreSQL server with its backends, and of this JVM; the machine has %d cores, shared by all of "
                + "them (and whatever else runs). The estimate assumes the CPU per registration measured here and "
                + "a core each, ignoring locks and network.", String.join(" ", PEAK_JVM), job, job, THREADS,
                ROUND_SECONDS, WARMUP_SECONDS, cores));
    }

    private Round measure(java.util.function.IntFunction<BenchHttp> client, String prefix, Map<String, Object> body)
            throws Exception {
        Cpu before = Cpu.now();
        Load.Result result = Load.forDuration(THREADS, 0, ROUND_SECONDS,
                (t, i) -> client.apply(t).postJson(path(prefix + "-" + t + "-" + i), body, 201));
        Cpu after = Cpu.now();
        assertThat(result.errors()).as("errors, first: %s", result.firstError()).isZero();
        return Round.of(result, before, after);
    }

    private static String path(String suffix) {
        return "/api/v1/models/bench-scale-" + RUN + "-" + suffix + "/versions";
    }

    @Test
    @Order(2)
    void short_jobs_through_ray_against_local() throws Exception {
        // node A alone: node B would claim half of each burst (and it is its own slots' figure then)
        nodes.remove("node-b").close();
        ServerProcess a = nodes.get("node-a");
        Batch local = burst(a, "local", "bench-local-" + RUN);
        Batch ray;
        try (RayHead head = RayHead.start(2)) {
            Map<String, Object> target = Map.of("name", "ray-bench", "kind", "ray", "slots", JOB_SLOTS,
                    "address", head.address(), "resources", Map.of("cpus", 1, "memoryMb", 0, "gpus", 0),
                    "description", "the benchmark's Ray head");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(a.uri("/api/v1/computes"))
                    .header("Authorization", ServerProcess.adminAuth()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(target))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            try {
                ray = burst(a, "ray-bench", "bench-ray-" + RUN);
            } finally {
                HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(a.uri("/api/v1/computes/ray-bench"))
                        .header("Authorization", ServerProcess.adminAuth()).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            }
        }

        String slots = JOB_SLOTS + " slots";
        BenchReport.row(new Row(13, String.format(Locale.ROOT, "%d short jobs on ray (%s): total time", JOBS, slots), "s",
                ray.totalSeconds(), "local, " + slots, local.totalSeconds(), "", Verdict.INFO, List.of(ray.totalSeconds()),
                List.of(local.totalSeconds())));
        for (double p : new double[]{50, 95}) {
            BenchReport.row(new Row(13, String.format(Locale.ROOT, "Ray: queue to Running, p%.0f", p), "ms",
                    Stats.percentile(ray.toRunning(), p), "local", Stats.percentile(local.toRunning(), p), "",
                    Verdict.INFO, p == 50 ? ray.toRunning() : List.of(), p == 50 ? local.toRunning() : List.of()));
            BenchReport.row(new Row(13, String.format(Locale.ROOT, "Ray: queue to the command's first line, p%.0f", p),
                    "ms", Stats.percentile(ray.toCommand(), p), "local", Stats.percentile(local.toCommand(), p), "",
                    Verdict.INFO, p == 50 ? ray.toCommand() : List.of(), p == 50 ? local.toCommand() : List.of()));
        }
        BenchReport.row(new Row(13, "Ray: Running to the command's first line (start cost), p50", "ms",
                Stats.median(ray.startCost()), "local", Stats.median(local.startCost()), "", Verdict.INFO,
                ray.startCost(), local.startCost()));
        BenchReport.row(new Row(13, "Ray: Running to Completed (one job's run), p50", "ms",
                Stats.median(ray.runTime()), "local", Stats.median(local.runTime()), "", Verdict.INFO, ray.runTime(),
                local.runTime()));
        BenchReport.detail(13, String.format(Locale.ROOT, "%d jobs submitted one after another over REST (multipart: "
                + "spec + run.sh, environment python-3@latest) to node A (node B stopped), on PostgreSQL + S3Proxy; "
                + "run.sh prints `date +%%s%%N` and ends. local: %s on the node; ray: a compute target of kind ray "
                + "(%s, 1 CPU each) on a Ray 2.58.0 head started on loopback with 2 CPUs, each job a driver process on "
                + "the node and an actor on the (same-host) worker (decision 022). Queue → Running from the job's "
                + "status history; the command's first line is the time run.sh printed; total from the first Queued "
                + "to the last end. Queue latency includes waiting for a slot behind the rest of the burst. "
                + "Submission took %.1f s (local) and %.1f s (ray). All %d jobs completed in both.", JOBS, slots, slots,
                local.submitSeconds(), ray.submitSeconds(), JOBS));
    }

    /** What one burst of jobs measured, in milliseconds per job unless named otherwise. */
    private record Batch(List<Double> toRunning, List<Double> toCommand, List<Double> startCost, List<Double> runTime,
                         double totalSeconds, double submitSeconds) {
    }

    private Batch burst(ServerProcess node, String compute, String experiment) throws Exception {
        long begin = System.nanoTime();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            names.add(submitJob(node, compute, "echo \"started-at $(date +%s%N)\"\n", experiment));
        }
        double submitSeconds = (System.nanoTime() - begin) / 1e9;
        awaitTerminal(names, Duration.ofMinutes(20));

        List<Double> toRunning = new ArrayList<>();
        List<Double> toCommand = new ArrayList<>();
        List<Double> startCost = new ArrayList<>();
        List<Double> runTime = new ArrayList<>();
        double first = Double.MAX_VALUE;
        double last = 0;
        Pattern started = Pattern.compile("started-at (\\d+)");
        for (Map.Entry<String, Map<String, Double>> job : history(names).entrySet()) {
            Map<String, Double> at = job.getValue();
            assertThat(at).as("job %s: %s", job.getKey(), at).containsKeys("QUEUED", "RUNNING", "COMPLETED");
            String log = text(node.uri("/api/v1/jobs/" + job.getKey() + "/logs"));
            Matcher m = started.matcher(log);
            assertThat(m.find()).as("log of %s: %s", job.getKey(), log).isTrue();
            double command = Long.parseLong(m.group(1)) / 1e6;
            toRunning.add(at.get("RUNNING") - at.get("QUEUED"));
            toCommand.add(command - at.get("QUEUED"));
            startCost.add(command - at.get("RUNNING"));
            runTime.add(at.get("COMPLETED") - at.get("RUNNING"));
            first = Math.min(first, at.get("QUEUED"));
            last = Math.max(last, at.get("COMPLETED"));
        }
        return new Batch(toRunning, toCommand, startCost, runTime, (last - first) / 1000, submitSeconds);
    }

    /** Epoch milliseconds of each status each job reached (the first time), from the status history. */
    private Map<String, Map<String, Double>> history(List<String> names) throws Exception {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "")) {
            Array array = c.createArrayOf("varchar", names.toArray());
            try (PreparedStatement q = c.prepareStatement("select j.name, s.status, min(s.at) from job j "
                    + "join job_status_change s on s.job_id = j.id where j.name = any(?) group by j.name, s.status")) {
                q.setArray(1, array);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .put(rs.getString(2), (double) rs.getTimestamp(3).getTime()
                                        + (rs.getTimestamp(3).getNanos() % 1_000_000) / 1e6);
                    }
                }
            }
        }
        assertThat(out).hasSize(names.size());
        return out;
    }

    private String status(String job) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             PreparedStatement q = c.prepareStatement("select status from job where name = ?")) {
            q.setString(1, job);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Waits until every job has ended; fails naming the ones that did not complete. */
    private void awaitTerminal(List<String> names, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "")) {
            Array array = c.createArrayOf("varchar", names.toArray());
            while (true) {
                Map<String, String> ended = new HashMap<>();
                try (PreparedStatement q = c.prepareStatement("select name, status, status_reason from job "
                        + "where name = any(?) and status in ('COMPLETED', 'FAILED', 'CANCELED')")) {
                    q.setArray(1, array);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            ended.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                        }
                    }
                }
                if (ended.size() == names.size()) {
                    assertThat(ended.values()).as("every job completed").allMatch(s -> s.startsWith("COMPLETED"));
                    return;
                }
                assertThat(System.nanoTime()).as("%d of %d jobs ended within %s", ended.size(), names.size(), limit)
                        .isLessThan(deadline);
                Thread.sleep(200); // watching a batch run: the database is what tells
            }
        }
    }

    private String submitJob(ServerProcess node, String compute, String script, String experiment) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        String spec = JSON.writeValueAsString(Map.of("command", "sh run.sh", "environment", "python-3@latest",
                "compute", compute, "experimentName", experiment));
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\nContent-Type: application/json"
                + "\r\n\r\n" + spec + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; "
                + "filename=\"run.sh\"\r\nContent-Type: text/plain\r\n\r\n" + script + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.uri("/api/v1/jobs"))
                .header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = JSON.readTree(response.body());
        return created.get("name").asText();
    }

    private String text(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", ServerProcess.adminAuth()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
