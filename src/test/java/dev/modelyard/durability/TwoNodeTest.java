package dev.modelyard.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.e2e.Browser;
import dev.modelyard.jobs.execution.JobProcesses;
import dev.modelyard.support.ExternalS3Server;
import dev.modelyard.support.NginxProxy;
import dev.modelyard.support.PostgresServer;
import dev.modelyard.support.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Two Modelyard processes on one PostgreSQL and one S3 server process, behind nginx running the README's
 * configuration (docs/decisions/021-jobs-across-nodes.md).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the kill comes last: it takes a node away
class TwoNodeTest {

    private static final Duration LEASE = Duration.ofSeconds(12);
    private static final Duration RENEW = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    private static PostgresServer database;
    private static ExternalS3Server storage;
    private static final Map<String, ServerProcess> nodes = new HashMap<>();
    private static NginxProxy nginx;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        database = PostgresServer.startPrivate();
        storage = ExternalS3Server.start();
        for (String node : List.of("node-a", "node-b")) {
            Map<String, String> properties = ServerProcess.nodeOf(database, storage, node, 1);
            properties.put("modelyard.jobs.lease.duration", LEASE.toSeconds() + "s");
            properties.put("modelyard.jobs.lease.renew-every", RENEW.toSeconds() + "s");
            nodes.put(node, ServerProcess.start(dir.resolve(node), properties));
        }
        nginx = NginxProxy.start(nodes.get("node-a").port(), nodes.get("node-b").port());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        nodes.values().forEach(ServerProcess::close);
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    @Order(1)
    void sixty_four_concurrent_registrations_of_one_name_over_both_nodes_get_exactly_one_to_sixty_four() throws Exception {
        String name = "two-nodes-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int client = i;
                versions.add(clients.submit((Callable<Integer>) () -> register(name, "client " + client)));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> v : versions) {
                numbers.add(v.get(3, TimeUnit.MINUTES));
            }
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 64).boxed().toList());
        } finally {
            clients.shutdownNow();
        }
        List<String> posts = nginx.accessLog().stream().filter(l -> l.contains(" POST /api/v1/models/" + name)).toList();
        assertThat(posts).hasSize(64);
        for (ServerProcess node : nodes.values()) {
            assertThat(posts).as("node on port %d served some", node.port())
                    .anyMatch(l -> l.startsWith("127.0.0.1:" + node.port() + " 201"));
        }
    }

    /**
     * The browser goes through nginx, pinned to node B by the sticky cookie the README's configuration sets
     * ({@code modelyard_node=b}): that is how a user reaches a node in production, and it checks on the way that the
     * portal (sign-in, Vaadin's push) works through the proxy. Both nodes have one slot; each runs a blocker job, so
     * the watched job, submitted on A's REST API, waits Queued until the test frees A's slot, and then runs on A —
     * never on B, whose page only learns of it through the database (JobEventRelay for status, JobLogMirror for the
     * log). The job waits for a file the test creates before it ends.
     */
    @Test
    @Order(2)
    void a_job_submitted_on_node_a_is_shown_live_to_a_browser_on_node_b() throws Exception {
        Path gates = Files.createDirectories(dir.resolve("gates-" + UUID.randomUUID().toString().substring(0, 8)));
        Map<String, Path> blockerGates = new HashMap<>();
        List<String> blockers = new ArrayList<>();
        try {
            // one blocker per node: submitted on A, then on B; each node's single slot ends up taken by one of them
            for (String node : List.of("node-a", "node-b")) {
                Path gate = gates.resolve("blocker-" + node);
                String blocker = submit(nodes.get(node).uri("/api/v1/jobs"), waitFor(gate, "echo blocking"));
                blockers.add(blocker);
                blockerGates.put(blocker, gate);
                await(blocker, "Running");
            }
            Map<String, String> blockerOn = new HashMap<>();
            for (String blocker : blockers) {
                blockerOn.put(column(blocker, "node_name"), blocker);
            }
            assertThat(blockerOn).as("one blocker per node").containsOnlyKeys("node-a", "node-b");

            Path done = gates.resolve("watched-done");
            String job = submit(nodes.get("node-a").uri("/api/v1/jobs"),
                    "echo 'step 1 of 3'\nsleep 1\necho 'step 2 of 3'\nsleep 1\necho 'step 3 of 3'\n"
                            + waitFor(done, "echo 'all steps done'"));
            assertThat(column(job, "status")).isEqualTo("QUEUED");

            try (Browser browser = new Browser()) {
                JavascriptExecutor js = (JavascriptExecutor) browser.driver;
                String base = nginx.uri("").toString();
                // the first page sets the cookie to whichever node answered; the test then pins it to B
                browser.driver.get(base + "/login");
                browser.wait.until(d -> d.manage().getCookieNamed("modelyard_node") != null);
                browser.driver.manage().deleteAllCookies();
                browser.driver.manage().addCookie(new Cookie.Builder("modelyard_node", "b").path("/").isHttpOnly(true)
                        .build());
                browser.signIn(base, "admin", ServerProcess.ADMIN_PASSWORD);
                browser.wait.until(d -> d.findElement(By.cssSelector(".current-user")).getText().equals("admin"));
                int before = nginx.accessLog().size();
                browser.driver.get(base + "/w/default/jobs/" + job);
                WebElement status = browser.wait.until(d -> d.findElement(By.id("job-status")));
                assertThat(status.getText()).as("jobs: %s", jobTable()).isEqualTo("Queued");
                js.executeScript("window.twoNodePage = 'unchanged'");
                browser.click(browser.driver.findElement(By.id("tab-logs")));
                browser.wait.until(d -> d.findElement(By.id("job-log")));

                // A's slot is freed: A claims the watched job at its next poll (B's slot is still taken)
                Files.createFile(blockerGates.get(blockerOn.get("node-a")));
                browser.wait.until(d -> d.findElement(By.id("job-status")).getText().equals("Running"));
                assertThat(column(job, "node_name")).as("the watched job runs on A").isEqualTo("node-a");
                browser.wait.until(d -> d.findElement(By.id("job-log")).getText().contains("step 3 of 3"));
                assertThat(browser.driver.findElement(By.id("job-log")).getText())
                        .contains("step 1 of 3", "step 2 of 3").doesNotContain("all steps done");
                assertThat(browser.driver.findElement(By.id("job-status")).getText()).isEqualTo("Running");
                browser.screenshot("two-nodes-running-on-a-seen-on-b");

                Files.createFile(done);
                browser.wait.until(d -> d.findElement(By.id("job-status")).getText().equals("Completed"));
                browser.wait.until(d -> d.findElement(By.id("job-log")).getText().contains("all steps done"));
                assertThat(js.executeScript("return window.twoNodePage")).as("no reload").isEqualTo("unchanged");
                browser.screenshot("two-nodes-completed-on-a-seen-on-b");

                // every request of the signed-in browser went to B
                List<String> portal = nginx.accessLog().subList(before, nginx.accessLog().size()).stream()
                        .filter(l -> !l.contains(" /api/v1/")).toList();
                assertThat(portal).isNotEmpty()
                        .allMatch(l -> l.startsWith("127.0.0.1:" + nodes.get("node-b").port() + " "));
            }
        } finally {
            for (Path gate : blockerGates.values()) {
                if (!Files.exists(gate)) {
                    Files.createFile(gate);
                }
            }
        }
        for (String blocker : blockers) {
            await(blocker, "Completed");
        }
    }

    /** Shell lines that wait until {@code gate} exists, then run {@code then}; the job's own loop, not the test's. */
    private static String waitFor(Path gate, String then) {
        return "while [ ! -e '" + gate.toAbsolutePath() + "' ]; do sleep 0.1; done\n" + then + "\n";
    }

    @Test
    @Order(3)
    void when_the_node_running_a_job_is_killed_the_other_node_settles_it_within_the_lease_time() throws Exception {
        String job = submit(nodes.get("node-a").uri("/api/v1/jobs"), "echo started\nexec sleep 600\n");
        await(job, "Running");
        String runner = column(job, "node_name");
        String survivor = runner.equals("node-a") ? "node-b" : "node-a";
        String runId = column(job, "run_id");
        try {
            // the log is live on the other node too: it follows the copy the running node mirrors each second
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            String elsewhere = logOf(nodes.get(survivor), job);
            while (!elsewhere.contains("started")) {
                assertThat(Instant.now()).as("log on %s: %s", survivor, elsewhere).isBefore(deadline);
                Thread.sleep(100);
                elsewhere = logOf(nodes.get(survivor), job);
            }
            assertThat(column(job, "status")).isEqualTo("RUNNING");

            Instant killed = Instant.now();
            nodes.get(runner).kill();

            JsonNode settled = await(job, "Failed");
            Duration took = Duration.between(killed, Instant.now());
            System.out.printf("the job of the killed node was settled by %s after %d ms (lease %s, renewal every %s)%n",
                    survivor, took.toMillis(), LEASE, RENEW);
            assertThat(settled.get("statusReason").asText())
                    .isEqualTo("the Modelyard node running the job (" + runner + ") stopped; resubmit it to run it again");
            // the lease lapses at most LEASE after the last renewal and the survivor looks every RENEW; the rest is
            // slack for a loaded 2-core machine (scheduled tasks start late there); the figure is printed above
            assertThat(took).isLessThan(LEASE.plus(RENEW).plusSeconds(10));
            assertThat(column(job, "node_name")).isEqualTo(survivor);
        } finally {
            // the killed node's job process is orphaned on this shared test host; a real dead host takes it along
            for (long pid : JobProcesses.find(runId)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private Integer register(String name, String content) throws Exception {
        String boundary = "two-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"model.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(nginx.uri("/api/v1/models/" + name + "/versions"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("version").asInt();
    }

    private String submit(URI jobs, String script) throws Exception {
        String boundary = "two-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\nContent-Type: application/json"
                + "\r\n\r\n{\"command\": \"sh run.sh\", \"environment\": \"python-3@latest\", \"experimentName\": \"two\"}"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"run.sh\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + script + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(jobs)
                .header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("name").asText();
    }

    /** Polls the job through nginx (whichever node answers) until it has {@code status}; two minutes at most. */
    private JsonNode await(String job, String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(nginx.uri("/api/v1/jobs/" + job))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", ServerProcess.adminAuth()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode details = json.readTree(response.body());
                if (details.get("status").asText().equals(status)) {
                    return details;
                }
            }
            assertThat(Instant.now()).as("job %s never became %s: %s", job, status, response.body()).isBefore(deadline);
            Thread.sleep(100); // the REST surface is what a user watches
        }
    }

    private String logOf(ServerProcess node, String job) throws Exception {
        return http.send(HttpRequest.newBuilder(node.uri("/api/v1/jobs/" + job + "/logs"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", ServerProcess.adminAuth()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** name, status, node and reason of every job: what a failure message needs to be read. */
    private List<String> jobTable() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             PreparedStatement q = c.prepareStatement("select name, status, node_name, status_reason from job order by id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": " + rs.getString(4));
            }
        }
        return rows;
    }

    private String column(String job, String column) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             PreparedStatement q = c.prepareStatement("select " + column + " from job where name = ?")) {
            q.setString(1, job);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
