package dev.modelyard.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.support.ServerProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real crash of a real server process while it runs a job: {@code kill -9} of Modelyard, whose job has started
 * children in the background (one with {@code setsid}, so outside the job's process group), then a restart on the
 * same data directory. The restarted server finds and stops what the interrupted job left running, keeps its
 * partial log, marks it Failed with the reason, and hands the queued jobs back in their order (one slot: the first
 * queued job runs, the second still waits). Restarting a process, not calling the settle step in the same JVM, is
 * the point: the old runner's threads and process handles are gone, as after a real crash.
 */
class JobCrashRestartTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void a_crash_leaves_no_job_process_running_keeps_the_partial_log_and_the_queue_order() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "job-crash")).toAbsolutePath();
        Path data = root.resolve("data-" + UUID.randomUUID());
        // a duration no other process on the machine uses, so the job's children can be found by their arguments
        String marker = "3" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
        String secondMarker = "4" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
        Map<String, String> oneSlot = Map.of("modelyard.jobs.local-slots", "1");
        String running;
        String second;
        String third;
        ServerProcess server = ServerProcess.start(data, oneSlot);
        try {
            running = submit(server, "echo started\n(sleep " + marker + " &)\nsetsid sleep " + marker + " &\n"
                    + "echo children started\nsleep " + marker + "\n");
            second = submit(server, "echo second ran\nsleep " + secondMarker + "\n");
            third = submit(server, "echo third ran\n");
            await(server, running, job -> job.get("status").asText().equals("Running"));
            awaitLog(server, running, "children started");
            assertThat(processesWith(marker)).as("the job's processes while it runs").hasSizeGreaterThanOrEqualTo(3);
            assertThat(status(server, second)).isEqualTo("Queued");
        } finally {
            server.kill();
        }
        // the crash: the server is gone, what the job started lives on, re-parented
        assertThat(processesWith(marker)).as("the job's processes outlive the crashed server").isNotEmpty();

        ServerProcess restarted = ServerProcess.start(data, oneSlot);
        try {
            JsonNode failed = await(restarted, running, job -> job.get("status").asText().equals("Failed"));
            assertThat(failed.get("statusReason").asText()).containsIgnoringCase("stopped");
            assertThat(log(restarted, running)).contains("started").contains("children started");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (!processesWith(marker).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(processesWith(marker)).as("the crashed job's processes, 5 s after the restart settled it").isEmpty();
            // the first queued job has the slot now, the second still waits for it
            await(restarted, second, job -> job.get("status").asText().equals("Running"));
            awaitLog(restarted, second, "second ran");
            assertThat(status(restarted, third)).as("queued jobs keep their order: the third waits for the slot")
                    .isEqualTo("Queued");
            cancel(restarted, second);
            await(restarted, third, job -> job.get("status").asText().equals("Completed"));
            Instant gone = Instant.now().plus(Duration.ofSeconds(5));
            while (!processesWith(secondMarker).isEmpty() && Instant.now().isBefore(gone)) {
                Thread.sleep(100);
            }
            assertThat(processesWith(secondMarker)).as("the canceled job's process, 5 s after the cancel").isEmpty();
        } finally {
            restarted.close();
            for (String m : List.of(marker, secondMarker)) {
                processesWith(m).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    private String submit(ServerProcess server, String script) throws Exception {
        String boundary = "crash-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\nContent-Type: application/json"
                + "\r\n\r\n{\"command\": \"sh run.sh\", \"environment\": \"python-3@latest\", \"experimentName\": \"crash\"}"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"run.sh\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + script + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/api/v1/jobs"))
                .header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("name").asText();
    }

    private JsonNode job(ServerProcess server, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/api/v1/jobs/" + name))
                .header("Authorization", ServerProcess.adminAuth()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String status(ServerProcess server, String name) throws Exception {
        return job(server, name).get("status").asText();
    }

    private String log(ServerProcess server, String name) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/api/v1/jobs/" + name + "/logs"))
                .header("Authorization", ServerProcess.adminAuth()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void cancel(ServerProcess server, String name) throws Exception {
        http.send(HttpRequest.newBuilder(server.uri("/api/v1/jobs/" + name + "/cancel"))
                .header("Authorization", ServerProcess.adminAuth()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the job until {@code done} holds (or two minutes pass): the REST surface is what a user watches. */
    private JsonNode await(ServerProcess server, String name, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode job = job(server, name);
        while (!done.test(job)) {
            assertThat(Instant.now()).as("job %s: %s", name, job).isBefore(deadline);
            Thread.sleep(100);
            job = job(server, name);
        }
        return job;
    }

    private void awaitLog(ServerProcess server, String name, String line) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!log(server, name).contains(line)) {
            assertThat(Instant.now()).as("log of %s never said %s", name, line).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** Processes whose command line carries {@code marker}, read from /proc. */
    private static List<Long> processesWith(String marker) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(marker) && !cmdline.contains("java")) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
