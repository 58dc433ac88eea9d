package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.security.AppRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/** Jobs run as real processes (sh and python3) on the local compute target. */
@IntegrationTest
@Timeout(120)
class JobServiceTest {

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
    List<ComputeExecutor> computes;

    private <T> T as(AppRole role, Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs("jobber", role, () -> out.set(action.get()));
        return out.get();
    }

    private JobDetails submit(String command, Map<String, String> code, Integer timeout) {
        return as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, code)) {
                return jobs.submit(new SubmitJobCommand(command, "python-3@latest", "local", null, "tests", null,
                        Map.of("kind", "test"), Map.of("GREETING", "hello"), timeout), staged);
            }
        });
    }

    private JobDetails awaitEnd(JobDetails job) throws InterruptedException {
        return JobWaiter.until(jobQueries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(90));
    }

    private String log(String name) {
        return JobWaiter.log(jobLogs, name);
    }

    @Test
    void a_successful_job_completes_and_stores_its_outputs_and_log() throws Exception {
        JobDetails job = submit("sh run.sh", Map.of("run.sh", """
                echo "job $MODELYARD_JOB_NAME says $GREETING"
                mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                echo weights > "$MODELYARD_OUTPUTS_DIR/model/weights.bin"
                ln -s /etc/passwd "$MODELYARD_OUTPUTS_DIR/model/leak"
                """), null);
        assertThat(job.status()).isIn(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.RUNNING);

        JobDetails done = awaitEnd(job);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.exitCode()).isZero();
        assertThat(done.experimentName()).isEqualTo("tests");
        assertThat(done.statusHistory()).extracting(JobDetails.StatusChange::status).containsExactly(
                JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.RUNNING, JobStatus.FINALIZING, JobStatus.COMPLETED);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.endedAt()).isAfterOrEqualTo(done.startedAt());
        List<ArtifactFile> outputs = as(AppRole.READER, () -> jobOutputs.outputs(job.name()));
        assertThat(outputs).extracting(ArtifactFile::path)
                .containsExactly("outputs/model/weights.bin", "user_logs/std_log.txt");
        assertThat(log(job.name())).contains("job " + job.name() + " says hello");
    }

    @Test
    void a_non_zero_exit_fails_the_job_with_its_exit_code() throws Exception {
        JobDetails done = awaitEnd(submit("sh fail.sh", Map.of("fail.sh", "echo about to fail >&2\nexit 3\n"), null));

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.exitCode()).isEqualTo(3);
        assertThat(done.statusReason()).contains("code 3");
        assertThat(log(done.name())).contains("about to fail");
    }

    @Test
    void the_timeout_is_enforced() throws Exception {
        JobDetails done = awaitEnd(submit("sh slow.sh", Map.of("slow.sh", "echo start\nsleep 60\n"), 1));

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.statusReason()).containsIgnoringCase("time");
        assertThat(Duration.between(done.startedAt(), done.endedAt())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void cancel_stops_a_running_job_within_five_seconds() throws Exception {
        JobDetails job = submit("sh wait.sh", Map.of("wait.sh", "echo waiting\nsleep 120\n"), null);
        JobWaiter.until(jobQueries, events, job.name(), s -> s == JobStatus.RUNNING, Duration.ofSeconds(60));

        long start = System.nanoTime();
        as(AppRole.CONTRIBUTOR, () -> jobs.cancel(job.name()));
        JobDetails done = awaitEnd(job);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(done.statusHistory()).extracting(JobDetails.StatusChange::status).contains(JobStatus.CANCEL_REQUESTED);
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> jobs.cancel(job.name())))
                .hasMessageContaining("already ended");
    }

    @Test
    void ten_megabytes_of_log_output_are_kept_whole() throws Exception {
        JobDetails done = awaitEnd(submit("python chatty.py", Map.of("chatty.py", """
                import sys
                line = "x" * 99 + "\\n"
                for i in range(105000):
                    sys.stdout.write(line)
                print("the end")
                """), null));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        ArtifactFile log = as(AppRole.READER, () -> jobOutputs.output(done.name(), "user_logs/std_log.txt"));
        assertThat(log.size()).isGreaterThanOrEqualTo(10_000_000L);
        assertThat(log(done.name())).endsWith("the end\n");
    }

    @Test
    void a_model_registers_from_a_job_reference_without_new_bytes_and_a_wrong_path_lists_the_real_ones() throws Exception {
        JobDetails done = awaitEnd(submit("sh model.sh", Map.of("model.sh", """
                mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                printf 'flavors:\\n  python_function:\\n    loader_module: x\\n' > "$MODELYARD_OUTPUTS_DIR/model/MLmodel"
                echo "$MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.pkl"
                """), null));
        String modelName = ModelTestData.uniqueName("from-job");

        ModelVersionDetails v = as(AppRole.CONTRIBUTOR, () -> jobOutputs.registerModel(modelName, null, new RegisterFromJobCommand(
                "mlflow_model", "azureml://jobs/" + done.name() + "/outputs/artifacts/paths/outputs/model/", "from a job",
                Map.of("stage", "dev"), null)));

        assertThat(v.type()).isEqualTo(ModelType.MLFLOW);
        assertThat(v.storage().bytesNew()).isZero();
        assertThat(v.files().count()).isEqualTo(2);
        assertThat(v.source().kind()).isEqualTo("job");
        assertThat(v.source().job()).isEqualTo(done.name());
        assertThat(as(AppRole.READER, () -> jobOutputs.registeredModels(done.name()))).extracting(s -> s.name())
                .containsExactly(modelName);

        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> jobOutputs.registerModel(modelName, null,
                new RegisterFromJobCommand("mlflow_model", "jobs:/" + done.name() + "/outputs/nope", null, null, null))))
                .isInstanceOf(MissingJobPathException.class)
                .hasMessageContaining("outputs/model/")
                .satisfies(e -> assertThat(((MissingJobPathException) e).existingPaths())
                        .contains("outputs/", "outputs/model/", "user_logs/"));
    }

    @Test
    void unknown_environments_and_computes_are_refused_listing_the_known_ones() {
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("a.sh", "true"))) {
                return jobs.submit(new SubmitJobCommand("sh a.sh", "conda-9@latest", "local", null, null, null, null, null,
                        null), staged);
            }
        })).isInstanceOf(InvalidInputException.class).hasMessageContaining("python-3:1").hasMessageContaining("sklearn-1:1");
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("a.sh", "true"))) {
                return jobs.submit(new SubmitJobCommand("sh a.sh", "python-3@latest", "gpu-cluster", null, null, null, null,
                        null, null), staged);
            }
        })).isInstanceOf(InvalidInputException.class).hasMessageContaining("known computes: local");
    }

    @Test
    void injection_attempts_reach_the_program_as_literal_arguments() throws Exception {
        JobDetails done = awaitEnd(submit("python args.py a;touch${IFS}pwned $(id) `id` && | x\ny",
                Map.of("args.py", "import sys, os\nprint(repr(sys.argv[1:]))\nprint('pwned' in os.listdir('.'))\n"), null));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(log(done.name())).contains("['a;touch${IFS}pwned', '$(id)', '`id`', '&&', '|', 'x\\ny']")
                .contains("False");
    }
}
