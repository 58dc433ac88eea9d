package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A status change another node writes reaches the views open on this node through the relay's poll (decision 021). */
@IntegrationTest
@Timeout(120)
class JobEventRelayTest {

    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    JobEvents events;
    @Autowired
    JobEventRelay relay;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    @Test
    void a_change_written_by_another_node_is_published_here_once() throws Exception {
        AtomicReference<JobDetails> submitted = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("job.sh", "true\n"))) {
                submitted.set(jobs.submit(new SubmitJobCommand("sh job.sh", "python-3@latest", "local", null,
                        "relay-tests", null, Map.of(), Map.of(), null), staged));
            }
        });
        String name = JobWaiter.until(queries, events, submitted.get().name(), JobStatus::isTerminal,
                Duration.ofSeconds(60)).name();
        relay.poll(); // what this node already knows
        List<JobEvents.JobChanged> heard = new CopyOnWriteArrayList<>();
        Runnable stop = events.subscribe(heard::add);
        try {
            // another node records a change: a row in the status history (as its JobStore does), nothing in this JVM
            long id = jdbc.queryForObject("select id from job where name = ?", Long.class, name);
            int seq = jdbc.queryForObject("select max(seq) + 1 from job_status_change where job_id = ?", Integer.class, id);
            jdbc.update("insert into job_status_change (job_id, seq, status, at) values (?, ?, 'CANCEL_REQUESTED', ?)",
                    id, seq, Timestamp.from(Instant.now()));

            long begin = System.nanoTime();
            assertThat(relay.poll()).isGreaterThanOrEqualTo(1);
            System.out.printf("relay poll took %.1f ms%n", (System.nanoTime() - begin) / 1e6);
            assertThat(heard).contains(new JobEvents.JobChanged(name, JobStatus.CANCEL_REQUESTED));

            int before = heard.size();
            relay.poll();
            assertThat(heard.subList(before, heard.size())).as("published once")
                    .doesNotContain(new JobEvents.JobChanged(name, JobStatus.CANCEL_REQUESTED));
        } finally {
            stop.run();
        }
    }
}
