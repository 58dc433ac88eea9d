package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.ConflictException;
import dev.modelyard.jobs.internal.StoredComputeTarget;
import dev.modelyard.jobs.internal.StoredComputeTargetRepository;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compute targets are rows every node reads (decision 021): one created or deleted through another node is known
 * here without a restart, and a target is not deleted while any node's jobs wait for it or run on it. "Another
 * node" is its writes: the stored row it inserts or deletes, the job row it keeps in its own queue partition.
 */
@IntegrationTest
@Timeout(120)
class ComputeTargetsAcrossNodesTest {

    @Autowired
    ComputeRegistry registry;
    @Autowired
    ComputeTargetService targets;
    @Autowired
    StoredComputeTargetRepository stored;
    @Autowired
    JobService jobs;
    @Autowired
    JobQueryService queries;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;

    final String suffix = Long.toString(System.nanoTime(), 36);

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
    }

    private StoredComputeTarget storedElsewhere(String name) {
        return stored.saveAndFlush(new StoredComputeTarget(new ComputeTargetDefinition(CurrentWorkspace.id(), name,
                "local", 1, null, null), "made through node B", "admin", Instant.now()));
    }

    @Test
    void a_target_created_through_another_node_is_found_at_once_and_listed_after_the_next_synchronisation() {
        String named = "b-named-" + suffix;
        storedElsewhere(named);
        assertThat(registry.find(CurrentWorkspace.id(), named)).as("looked up when a job or a page names it")
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo(named));

        String listed = "b-listed-" + suffix;
        storedElsewhere(listed);
        assertThat(registry.all(CurrentWorkspace.id())).extracting(ComputeExecutor::name).doesNotContain(listed);
        registry.synchronize();
        assertThat(registry.all(CurrentWorkspace.id())).extracting(ComputeExecutor::name).contains(named, listed);
        assertThat(registry.placements()).extracting(p -> p.executor().name()).as("this node's queue claims for it")
                .contains(listed);

        stored.delete(stored.findOne(CurrentWorkspace.id(), listed).orElseThrow()); // deleted through node B
        stored.delete(stored.findOne(CurrentWorkspace.id(), named).orElseThrow());
        registry.synchronize();
        assertThat(registry.all(CurrentWorkspace.id())).extracting(ComputeExecutor::name).doesNotContain(named, listed);
        assertThat(registry.find(CurrentWorkspace.id(), listed)).isEmpty();
    }

    @Test
    void a_target_is_not_deleted_while_a_job_waits_for_it_on_another_node() throws Exception {
        String name = "shared-" + suffix;
        TestUsers.runAs("admin", AppRole.ADMIN,
                () -> targets.create(new CreateComputeTargetCommand(name, "local", 1, null, null, null)));
        AtomicReference<JobDetails> job = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("run.sh", "echo done\n"))) {
                job.set(jobs.submit(new SubmitJobCommand("sh run.sh", "python-3@latest", name, null, "compute-sync", null,
                        Map.of(), Map.of(), null, null), staged));
            }
        });
        String jobName = job.get().name();
        assertThat(JobWaiter.until(queries, events, jobName, JobStatus::isTerminal, Duration.ofSeconds(90)).status())
                .isEqualTo(JobStatus.COMPLETED);
        // the same job as node B would hold it: queued in B's partition, which this node never claims from
        jdbc.update("update job set status = 'QUEUED', queue_partition = ? where name = ?", "pool-b-" + suffix, jobName);
        AtomicReference<ComputeTarget> seen = new AtomicReference<>();
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> seen.set(targets.get(name)));
        assertThat(seen.get().queued()).as("the page counts this partition's queue only").isZero();

        assertThatThrownBy(() -> TestUsers.runAs("admin", AppRole.ADMIN, () -> targets.delete(name)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("0 running and 1 queued job(s)");
        assertThat(registry.find(CurrentWorkspace.id(), name)).isPresent();

        jdbc.update("update job set status = 'COMPLETED' where name = ?", jobName);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> targets.delete(name));
        assertThat(registry.find(CurrentWorkspace.id(), name)).isEmpty();
    }
}
