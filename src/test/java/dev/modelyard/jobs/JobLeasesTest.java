package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.internal.JobLeases;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases on running jobs (docs/decisions/021-jobs-across-nodes.md): a node settles only jobs whose lease lapsed or
 * that an earlier process of its own ran; jobs another live node runs, and its own, are left alone.
 */
@IntegrationTest
@Timeout(120)
class JobLeasesTest {

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
    JobsStartup startup;
    @Autowired
    JobLeases leases;
    @Autowired
    List<ComputeExecutor> computes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("taskScheduler")
    org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler scheduler;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    private JobDetails runningJob() throws InterruptedException {
        AtomicReference<JobDetails> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("wait.sh", "sleep 120\n"))) {
                out.set(jobs.submit(new SubmitJobCommand("sh wait.sh", "python-3@latest", "local", null, "lease-tests",
                        null, Map.of(), Map.of(), null), staged));
            }
        });
        JobDetails running = JobWaiter.until(queries, events, out.get().name(), s -> s == JobStatus.RUNNING,
                Duration.ofSeconds(60));
        awaitProcess(jdbc, running.name());
        return running;
    }

    /** Running is recorded just before the process starts: wait until it exists, so a cancel reaches it. */
    static void awaitProcess(JdbcTemplate jdbc, String name) throws InterruptedException {
        String runId = jdbc.queryForObject("select run_id from job where name = ?", String.class, name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (dev.modelyard.jobs.execution.JobProcesses.find(runId).isEmpty()) {
            assertThat(System.nanoTime() - deadline).as("the process of job %s should start", name).isNegative();
            Thread.sleep(20);
        }
    }

    private void stopLocally(String name) {
        computes.stream().filter(c -> c.name().equals("local")).findFirst().orElseThrow().cancel(name);
    }

    @Test
    void a_running_job_holds_a_lease_of_this_node_that_is_renewed() throws Exception {
        JobDetails job = runningJob();
        try {
            Map<String, Object> row = jdbc.queryForMap("select node_name, node_run, lease_until from job where name = ?",
                    job.name());
            assertThat(row.get("NODE_NAME")).isEqualTo(leases.nodeName());
            assertThat(row.get("NODE_RUN")).isEqualTo(leases.nodeRun());
            Instant first = leases.leaseUntil(job.name()).orElseThrow();
            assertThat(first).isAfter(Instant.now());

            jdbc.update("update job set lease_until = ? where name = ?", Timestamp.from(Instant.now().plusSeconds(1)),
                    job.name());
            assertThat(leases.renew()).isPositive();
            assertThat(leases.leaseUntil(job.name()).orElseThrow()).isAfter(Instant.now().plusSeconds(5));

            startup.settle(); // its own running job is no orphan
            assertThat(JobWaiter.read(queries, job.name()).status()).isEqualTo(JobStatus.RUNNING);
        } finally {
            stopLocally(job.name());
        }
    }

    @Test
    void leases_are_renewed_while_every_scheduling_thread_is_busy() throws Exception {
        JobDetails job = runningJob();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        int threads = scheduler.getPoolSize();
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            // a periodic task that takes long (the storage clean-up can take minutes)
            scheduler.schedule(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, Instant.now());
        }
        try {
            busy.await();
            Instant before = leases.leaseUntil(job.name()).orElseThrow();
            // the next renewal comes within one period (10 s here), however long the other tasks take
            long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            while (!leases.leaseUntil(job.name()).orElseThrow().isAfter(before)) {
                assertThat(System.nanoTime() - deadline).as("the lease of %s should be renewed", job.name()).isNegative();
                Thread.sleep(100);
            }
        } finally {
            release.countDown();
            stopLocally(job.name());
        }
    }

    @Test
    void a_job_of_another_live_node_is_left_alone_and_settled_once_its_lease_lapses() throws Exception {
        AtomicReference<JobDetails> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("done.sh", "true\n"))) {
                out.set(jobs.submit(new SubmitJobCommand("sh done.sh", "python-3@latest", "local", null, "lease-tests",
                        null, Map.of(), Map.of(), null), staged));
            }
        });
        String name = JobWaiter.until(queries, events, out.get().name(), JobStatus::isTerminal, Duration.ofSeconds(60)).name();
        // as if node-b runs it and renews its lease (this node runs nothing of it: fencing would stop that)
        jdbc.update("update job set status = 'RUNNING', node_name = 'node-b', node_run = 'node-b-run', lease_until = ? "
                + "where name = ?", Timestamp.from(Instant.now().plusSeconds(60)), name);
        startup.settle();
        assertThat(JobWaiter.read(queries, name).status()).isEqualTo(JobStatus.RUNNING);

        // node-b stopped: its lease lapsed
        jdbc.update("update job set lease_until = ? where name = ?", Timestamp.from(Instant.now().minusSeconds(1)), name);
        startup.settle();

        JobDetails settled = JobWaiter.read(queries, name);
        assertThat(settled.status()).isEqualTo(JobStatus.FAILED);
        assertThat(settled.statusReason()).isEqualTo("the Modelyard node running the job (node-b) stopped; "
                + "resubmit it to run it again");
        assertThat(jdbc.queryForObject("select node_run from job where name = ?", String.class, name))
                .as("this node took it over to settle it").isEqualTo(leases.nodeRun());
    }
}
