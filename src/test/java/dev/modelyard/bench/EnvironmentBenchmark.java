package dev.modelyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.CreateEnvironmentCommand;
import dev.modelyard.jobs.EnvironmentBuildService;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Section 10 (issue 15): the sample training job in an environment built from its own requirements.txt. The first
 * job's queue-to-start includes the build (python -m venv, pip install from this machine's package index); the second
 * job on the same environment starts without building anything. Queue-to-start is the job's Queued → Running time.
 */
@BenchmarkTest
@Order(3)
class EnvironmentBenchmark {

    private static final Path SAMPLE = Path.of("samples/diabetes");
    private static final Duration LIMIT = Duration.ofMinutes(15);

    @Autowired
    EnvironmentBuildService builds;
    @Autowired
    EnvironmentService environments;
    @Autowired
    JobService jobs;

    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    JdbcTemplate jdbc;

    private static <T> T as(Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs("bench", AppRole.CONTRIBUTOR, () -> out.set(action.get()));
        return out.get();
    }

    @Test
    void the_sample_in_its_own_environment_first_job_builds_the_second_starts_at_once() throws Exception {
        String requirements = Files.readString(BenchConfig.projectDir().resolve(SAMPLE).resolve("requirements.txt"));
        Map<String, String> code = Map.of(
                "train.py", Files.readString(BenchConfig.projectDir().resolve(SAMPLE).resolve("train.py")),
                "diabetes.csv", Files.readString(BenchConfig.projectDir().resolve(SAMPLE).resolve("diabetes.csv")));
        String name = ModelTestData.uniqueName("bench-env");
        EnvironmentDetails env = as(() -> builds.create(new CreateEnvironmentCommand(name, null, null, requirements,
                null, Map.of())));
        int buildsBefore = count();

        JobDetails first = run(env.reference(), code);
        EnvironmentDetails built = as(() -> environments.resolve(env.reference()));
        JobDetails second = run(env.reference(), code);

        assertThat(first.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(second.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(count()).as("the second job built nothing").isEqualTo(buildsBefore);
        double build = Duration.between(built.build().startedAt(), built.build().endedAt()).toMillis() / 1000.0;
        double q1 = queueToStart(first);
        double q2 = queueToStart(second);
        BenchReport.figure(11, "Environment build: venv + pip install of the sample's requirements", "s", build, "",
                BenchReport.Verdict.INFO);
        BenchReport.figure(11, "First job: queue to start (waits for that build)", "s", q1, "", BenchReport.Verdict.INFO);
        BenchReport.figure(11, "Second job, same environment: queue to start (no build)", "s", q2, "< 5 s",
                BenchReport.atMost(q2, 5));
        BenchReport.detail(11, "samples/diabetes/requirements.txt (" + built.definition().requirements() + ") built"
                + " once into " + (built.build().sizeBytes() / 1_000_000) + " MB with the host's python3 -m venv and"
                + " pip (wheels only, this machine's pip configuration: a local package index); then"
                + " `python train.py --training_data diabetes.csv` twice in it. Queue to start = Queued → Running.");
    }

    private JobDetails run(String environment, Map<String, String> code) throws InterruptedException {
        JobDetails job = as(() -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, code)) {
                return jobs.submit(new SubmitJobCommand("python train.py --training_data diabetes.csv", environment,
                        "local", null, "bench-environments", null, Map.of(), Map.of(), 600), staged);
            }
        });
        return JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, LIMIT);
    }

    private static double queueToStart(JobDetails job) {
        return Duration.between(job.createdAt(), job.startedAt()).toMillis() / 1000.0;
    }

    private int count() {
        return jdbc.queryForObject("select count(*) from environment_build", Integer.class);
    }
}
