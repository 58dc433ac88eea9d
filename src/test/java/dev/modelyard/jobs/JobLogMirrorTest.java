package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.jobs.internal.JobLogMirror;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The live log of a running job is mirrored into the database for the other nodes (decision 021). */
@IntegrationTest
@Timeout(120)
class JobLogMirrorTest {

    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    JobLogMirror mirror;
    @Autowired
    List<ComputeExecutor> computes;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    @Test
    void another_node_reads_what_the_running_node_mirrored_and_the_rows_go_when_the_job_ends() throws Exception {
        AtomicReference<JobDetails> submitted = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("job.sh",
                    "echo first line\necho second line\nexec sleep 120\n"))) {
                submitted.set(jobs.submit(new SubmitJobCommand("sh job.sh", "python-3@latest", "local", null,
                        "mirror-tests", null, Map.of(), Map.of(), null), staged));
            }
        });
        String name = JobWaiter.until(queries, events, submitted.get().name(), s -> s == JobStatus.RUNNING,
                Duration.ofSeconds(60)).name();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String seen = "";
            while (!seen.contains("second line")) {
                assertThat(System.nanoTime() - deadline).as("mirrored: %s", seen).isNegative();
                mirror.tick();
                seen = new String(mirror.read(name, 0, 1 << 20).bytes(), StandardCharsets.UTF_8);
            }
            assertThat(seen).startsWith("first line\nsecond line\n");
            LogReader.LogChunk tail = mirror.read(name, "first line\n".length(), 5);
            assertThat(new String(tail.bytes(), StandardCharsets.UTF_8)).isEqualTo("secon");
            assertThat(tail.nextOffset()).isEqualTo("first line\n".length() + 5);
        } finally {
            computes.stream().filter(c -> c.name().equals("local")).findFirst().orElseThrow().cancel(name);
        }
        JobWaiter.until(queries, events, name, JobStatus::isTerminal, Duration.ofSeconds(60));
        mirror.tick();
        assertThat(jdbc.queryForObject("select count(*) from job_log_chunk where job_name = ?", Integer.class, name))
                .as("the stored log takes over").isZero();
    }
}
