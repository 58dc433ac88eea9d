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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The job table is the queue: nodes claim the oldest claimable jobs with FOR UPDATE SKIP LOCKED (decision 021). */
@IntegrationTest
@Timeout(120)
class JobQueueTest {

    @Autowired
    dev.modelyard.jobs.internal.StoredComputeTargetRepository storedTargets;
    @Autowired
    JobQueue contextQueue;

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
    JobLeases leases;
    @Autowired
    JobQueue queue;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Clock clock;
    @Autowired
    dev.modelyard.jobs.internal.JobRunner runner;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    private JobDetails submit(String script) {
        AtomicReference<JobDetails> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("job.sh", script))) {
                out.set(jobs.submit(new SubmitJobCommand("sh job.sh", "python-3@latest", "local", null, "queue-tests",
                        null, Map.of(), Map.of(), null), staged));
            }
        });
        return out.get();
    }

    /** Jobs waiting in the table for a target no node of this test context serves, oldest first. */
    private List<String> waitingJobs(String target, int count) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = JobWaiter.until(queries, events, submit("true\n").name(), JobStatus::isTerminal,
                    Duration.ofSeconds(60)).name();
            jdbc.update("update job set status = 'QUEUED', compute = ?, node_name = null, node_run = null, "
                    + "lease_until = null where name = ?", target, name);
            names.add(name);
        }
        return names;
    }

    /** A target that records what it was handed and never runs it. */
    private static final class Recording implements ComputeExecutor {
        final String name;
        final int slots;
        final List<String> handed = new CopyOnWriteArrayList<>();

        Recording(String name, int slots) {
            this.name = name;
            this.slots = slots;
        }

        public String name() {
            return name;
        }

        public String kind() {
            return "test";
        }

        public int slots() {
            return slots;
        }

        public void enqueue(String jobName) {
            handed.add(jobName);
        }

        public boolean dequeue(String jobName) {
            return false;
        }

        public void cancel(String jobName) {
        }

        public OptionalInt queuePosition(String jobName) {
            return OptionalInt.empty();
        }

        public int running() {
            return handed.size();
        }

        public int queued() {
            return 0;
        }
    }

    /** A queue of one node whose only executor is {@code node}, a built-in target serving every workspace. */
    private JobQueue queueOf(ComputeExecutor node) {
        return new JobQueue(jdbc, transactions, leases, clock, new ComputeRegistry(List.of(node), List.of(), storedTargets),
                runner, contextQueue.partition());
    }

    @Test
    void a_node_claims_as_many_of_the_oldest_jobs_as_it_has_free_slots_and_holds_their_lease() throws Exception {
        String target = "q-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> waiting = waitingJobs(target, 3);
        Recording node = new Recording(target, 2);
        JobQueue nodeQueue = queueOf(node);

        assertThat(nodeQueue.position(1L, target, waiting.get(2))).hasValue(3);
        nodeQueue.dispatch(new ComputeRegistry.Placement(null, node));

        assertThat(node.handed).containsExactly(waiting.get(0), waiting.get(1));
        assertThat(jdbc.queryForObject("select node_run from job where name = ?", String.class, waiting.get(0)))
                .isEqualTo(leases.nodeRun());
        assertThat(jdbc.queryForObject("select node_run from job where name = ?", String.class, waiting.get(2))).isNull();

        nodeQueue.dispatch(new ComputeRegistry.Placement(null, node)); // no free slot: nothing more
        assertThat(node.handed).hasSize(2);
    }

    @Test
    void claiming_skips_a_row_another_node_is_claiming_instead_of_waiting_for_it() throws Exception {
        String target = "q-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> waiting = waitingJobs(target, 2);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // "node B" is in the middle of claiming the oldest job: it holds that row's lock
        CompletableFuture<Void> nodeB = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            jdbc.queryForList("select name from job where name = ? for update", waiting.get(0));
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Recording nodeA = new Recording(target, 1);
            CompletableFuture<Void> claim = CompletableFuture.runAsync(
                    () -> queueOf(nodeA).dispatch(new ComputeRegistry.Placement(null, nodeA)));
            claim.get(20, TimeUnit.SECONDS); // a plain FOR UPDATE would wait for node B (H2: until its lock timeout)
            assertThat(nodeA.handed).containsExactly(waiting.get(1));
        } finally {
            release.countDown();
            nodeB.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_job_claimed_by_a_node_that_stopped_is_claimable_again_once_its_lease_lapses() throws Exception {
        String target = "q-" + UUID.randomUUID().toString().substring(0, 8);
        String name = waitingJobs(target, 1).get(0);
        jdbc.update("update job set node_name = 'node-b', node_run = 'node-b-run', lease_until = ? where name = ?",
                Timestamp.from(Instant.now().plusSeconds(60)), name);
        Recording node = new Recording(target, 1);
        JobQueue nodeQueue = queueOf(node);

        nodeQueue.dispatch(new ComputeRegistry.Placement(null, node));
        assertThat(node.handed).as("node-b's claim is live").isEmpty();

        jdbc.update("update job set lease_until = ? where name = ?", Timestamp.from(Instant.now().minusSeconds(1)), name);
        nodeQueue.dispatch(new ComputeRegistry.Placement(null, node));
        assertThat(node.handed).containsExactly(name);
    }

    @Test
    void a_cancel_recorded_by_another_node_reaches_the_node_running_the_job() throws Exception {
        JobDetails job = JobWaiter.until(queries, events, submit("sleep 120\n").name(), s -> s == JobStatus.RUNNING,
                Duration.ofSeconds(60));
        JobLeasesTest.awaitProcess(jdbc, job.name());
        // another node's API recorded the cancel in the table; only this node has the process
        jdbc.update("update job set status = 'CANCEL_REQUESTED' where name = ?", job.name());

        queue.poll();

        JobDetails ended = JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(30));
        assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void a_job_another_node_took_over_is_stopped_here_at_once() throws Exception {
        JobDetails job = JobWaiter.until(queries, events, submit("sleep 120\n").name(), s -> s == JobStatus.RUNNING,
                Duration.ofSeconds(60));
        JobLeasesTest.awaitProcess(jdbc, job.name());
        String runId = jdbc.queryForObject("select run_id from job where name = ?", String.class, job.name());
        // this node was cut off longer than the lease: node-b settled the job and holds it now
        jdbc.update("update job set status = 'FAILED', node_name = 'node-b', node_run = 'node-b-run' where name = ?",
                job.name());

        queue.poll();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // the kill grace is 10 s
        while (!dev.modelyard.jobs.execution.JobProcesses.find(runId).isEmpty()) {
            assertThat(System.nanoTime() - deadline).as("the fenced job's processes should be gone").isNegative();
            Thread.sleep(50);
        }
        assertThat(JobWaiter.read(queries, job.name()).status()).as("its end changes nothing").isEqualTo(JobStatus.FAILED);
    }
}
