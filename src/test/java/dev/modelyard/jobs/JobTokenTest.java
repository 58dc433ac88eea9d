package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every job gets a token of its own while it runs, and loses it when it ends: real processes, real port. */
@IntegrationTest
@Timeout(120)
class JobTokenTest {

    /** Reports what it was given, calls Modelyard back with it, and hands the secret to the test outside outputs/. */
    private static final String PROBE = """
            import os, sys, urllib.request, urllib.error
            token = os.environ.get("MODELYARD_TOKEN")
            print("token set:", bool(token))
            print("same for mlflow:", token == os.environ.get("MLFLOW_TRACKING_TOKEN"))
            with open(sys.argv[2], "w") as f:
                f.write(token or "")
            request = urllib.request.Request(sys.argv[1] + "/api/v1/models", headers={"Authorization": "Bearer " + token})
            try:
                with urllib.request.urlopen(request) as response:
                    print("models status", response.status)
            except urllib.error.HTTPError as e:
                print("models status", e.code)
            """;

    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    dev.modelyard.jobs.JobLogService jobLogs;
    @Autowired
    dev.modelyard.jobs.JobOutputService jobOutputs;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    JobsStartup startup;
    @Autowired
    List<ComputeExecutor> computes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate rest;
    @LocalServerPort
    int port;
    @TempDir
    Path tmp;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    private JobDetails submit(String command, Map<String, String> code, Map<String, String> variables, Integer timeout) {
        AtomicReference<JobDetails> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, code)) {
                out.set(jobs.submit(new SubmitJobCommand(command, "python-3@latest", "local", null, "token-tests", null,
                        Map.of(), variables, timeout), staged));
            }
        });
        return out.get();
    }

    private Map<String, Object> tokenRow(String jobName) {
        return jdbc.queryForMap("select * from access_token where job_name = ?", jobName);
    }

    private HttpStatus modelsWith(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return HttpStatus.valueOf(rest.exchange("/api/v1/models", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getStatusCode().value());
    }

    private String log(String name) {
        return JobWaiter.log(jobLogs, name);
    }

    @Test
    void a_job_calls_back_with_its_token_while_it_runs_and_the_token_is_refused_once_it_ended() throws Exception {
        Path handedOver = tmp.resolve("secret.txt");
        JobDetails job = submit("python probe.py http://127.0.0.1:" + port + " " + handedOver, Map.of("probe.py", PROBE),
                Map.of("MLFLOW_TRACKING_TOKEN", "set-by-the-submitter"), 60);

        JobDetails done = JobWaiter.until(jobQueries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(90));

        String log = log(job.name());
        assertThat(done.status()).as(log).isEqualTo(JobStatus.COMPLETED);
        assertThat(log).contains("token set: True", "same for mlflow: True", "models status 200");
        String secret = Files.readString(handedOver);
        assertThat(secret).startsWith("myd_");
        assertThat(log).doesNotContain(secret);
        assertThat(modelsWith(secret)).isEqualTo(HttpStatus.UNAUTHORIZED);

        // nothing Modelyard stored or answers about the job carries it: details, outputs, the database
        String details = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForObject("/api/v1/jobs/" + job.name(), String.class);
        assertThat(details).contains(job.name(), "set-by-the-submitter").doesNotContain(secret);
        TestUsers.runAs("reader", AppRole.READER, () -> {
            for (ArtifactFile file : jobOutputs.outputs(job.name())) {
                try (InputStream in = artifacts.open(file)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain(secret);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        Map<String, Object> row = tokenRow(job.name());
        assertThat(row.get("SECRET_HASH")).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII))));
        assertThat(row.get("MAX_ROLE")).isEqualTo("CONTRIBUTOR");
        assertThat(((Number) row.get("WORKSPACE_ID")).longValue()).isEqualTo(1L);
        assertThat(row.get("REVOKED_AT")).isNotNull();
        Duration lifetime = Duration.between(((Timestamp) jdbc.queryForObject("select created_at from access_token"
                + " where job_name = ?", Timestamp.class, job.name())).toInstant(), ((Timestamp) jdbc.queryForObject(
                "select expires_at from access_token where job_name = ?", Timestamp.class, job.name())).toInstant());
        assertThat(lifetime).as("bounded by the job's 60 s timeout").isLessThanOrEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void canceling_a_running_job_revokes_its_token() throws Exception {
        JobDetails job = submit("sh wait.sh", Map.of("wait.sh", "sleep 120\n"), Map.of(), null);
        JobWaiter.until(jobQueries, events, job.name(), s -> s == JobStatus.RUNNING, Duration.ofSeconds(60));
        assertThat(tokenRow(job.name()).get("REVOKED_AT")).isNull();

        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> jobs.cancel(job.name()));
        JobDetails done = JobWaiter.until(jobQueries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(60));

        assertThat(done.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(tokenRow(job.name()).get("REVOKED_AT")).isNotNull();
    }

    @Test
    void the_next_start_revokes_the_tokens_of_jobs_it_settles() throws Exception {
        JobDetails job = submit("sh wait.sh", Map.of("wait.sh", "sleep 120\n"), Map.of(), null);
        JobWaiter.until(jobQueries, events, job.name(), s -> s == JobStatus.RUNNING, Duration.ofSeconds(60));
        assertThat(tokenRow(job.name()).get("REVOKED_AT")).isNull();

        // as after a restart: an earlier process of this node ran the job; running jobs of this process stay alone
        jdbc.update("update job set node_run = 'an-earlier-run' where name = ?", job.name());
        startup.settle(); // what the next start does

        assertThat(tokenRow(job.name()).get("REVOKED_AT")).isNotNull();
        assertThat(JobWaiter.read(jobQueries, job.name()).status()).isEqualTo(JobStatus.FAILED);
        // settling stopped the run's processes too (docs/decisions/011): nothing of the old run is left to end
    }
}
