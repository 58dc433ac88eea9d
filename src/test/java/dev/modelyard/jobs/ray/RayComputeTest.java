package dev.modelyard.jobs.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.ComputeRegistry;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.CreateComputeTargetCommand;
import dev.modelyard.jobs.ComputeTargetDefinition;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.jobs.RegisterFromJobCommand;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.jobs.execution.JobProcesses;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import dev.modelyard.support.RayHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Jobs on a real Ray cluster: a head started on loopback by the test (its own temp folder and ports), the compute
 * target {@code ray-local} created in workspace {@code default} as an admin creates it (POST /computes, kind ray).
 */
@IntegrationTest
@TestPropertySource(properties = {"modelyard.jobs.ray.python=target/ray-venv/bin/python", "modelyard.jobs.kill-grace=3s"})
@Timeout(240)
class RayComputeTest {

    private static RayHead head;

    /** The head is started once, when the context first asks for the target, and stopped after the class. */
    static synchronized RayHead head() {
        if (head == null) {
            try {
                head = RayHead.start(2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return head;
    }

    /** The service that created {@code ray-local}, to delete it after the class (other contexts share the database). */
    private static ComputeTargetService created;

    @AfterAll
    static synchronized void stopHead() {
        if (created != null) {
            TestUsers.runAs("admin", AppRole.ADMIN, () -> created.delete("ray-local"));
            created = null;
        }
        if (head != null) {
            head.close();
            assertThat(head.processes()).as("the Ray head's processes are stopped").allMatch(pid -> !RayHead.running(pid));
            head = null;
        }
    }

    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    dev.modelyard.jobs.JobOutputService outputService;
    @Autowired
    dev.modelyard.jobs.JobLogService logs;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RayComputeExecutorFactory factory;
    @Autowired
    ComputeRegistry registry;
    @Autowired
    ComputeTargetService targets;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
        synchronized (RayComputeTest.class) {
            if (registry.find(1, "ray-local").isEmpty()) {
                TestUsers.runAs("admin", AppRole.ADMIN, () -> targets.create(new CreateComputeTargetCommand("ray-local",
                        "ray", 2, head().address(), new ComputeTargetDefinition.ComputeResources(1, 0, 0),
                        "the test's Ray head")));
                created = targets;
            }
        }
    }

    private <T> T as(AppRole role, Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, role, () -> out.set(action.get()));
        return out.get();
    }

    private JobDetails submit(String command, String environment, Map<String, String> code) {
        return as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, code)) {
                return jobs.submit(new SubmitJobCommand(command, environment, "ray-local", null, "ray-tests", null,
                        Map.of(), Map.of(), null), staged);
            }
        });
    }

    private String log(String name) {
        return dev.modelyard.jobs.JobWaiter.log(logs, name);
    }

    /** Reads the log while the job runs until it contains {@code text}; the log file is followed as the UI does. */
    private String awaitLogWhileRunning(String name, String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String log = log(name);
            JobStatus status = JobWaiter.read(queries, name).status();
            if (log.contains(text)) {
                assertThat(status).as("the line is read while the job still runs").isEqualTo(JobStatus.RUNNING);
                return log;
            }
            assertThat(status.isTerminal()).as("job ended before printing %s:%n%s", text, log).isFalse();
            assertThat(System.nanoTime() - deadline).as("%s in the log within %s:%n%s", text, limit, log).isNegative();
            Thread.sleep(100); // following a growing file: the UI polls it the same way
        }
    }

    private static Map<String, String> sample() throws IOException {
        Map<String, String> code = new LinkedHashMap<>();
        for (String file : List.of("train.py", "diabetes.csv")) {
            code.put(file, Files.readString(Path.of("samples/diabetes", file)));
        }
        return code;
    }

    @Test
    void the_diabetes_sample_trains_on_the_ray_cluster_and_its_model_registers_without_new_bytes() throws Exception {
        Map<String, String> code = sample();
        // the sample itself, plus a line telling where it ran: a Ray worker process is its parent
        code.put("where.py", """
                import os
                pid = os.getppid()
                while pid > 1:
                    with open("/proc/%d/cmdline" % pid, "rb") as f:
                        print("ancestor:", f.read().split(b"\\0")[0].decode())
                    with open("/proc/%d/stat" % pid) as f:
                        pid = int(f.read().rsplit(")", 1)[1].split()[1])
                print("cwd:", os.getcwd())
                """);
        code.put("run.sh", "python3 where.py && exec python3 train.py --training_data diabetes.csv\n");
        JobDetails job = submit("sh run.sh", "sklearn-1@latest", code);

        JobDetails done = JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(180));
        String log = log(job.name());
        assertThat(done.status()).as("%s%n%s", done.statusReason(), log).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.compute()).isEqualTo("ray-local");
        assertThat(log).contains("running on Ray node").containsPattern("(?m)^Accuracy: 0\\.\\d+$")
                .contains("Modelyard: stored 6 output file(s) from the Ray worker");
        // not on the Modelyard node's job folder: in a copy of Ray's working_dir, under a Ray worker
        assertThat(log).containsPattern("(?m)^ancestor: ray::JobActor").containsPattern("(?m)^cwd: .*/modelyard-job-[^/]+/work$");

        List<String> paths = as(AppRole.READER, () -> outputService.outputs(job.name())).stream().map(ArtifactFile::path).toList();
        assertThat(paths).contains("outputs/model/MLmodel", "outputs/model/model.pkl", "outputs/metrics.json",
                "user_logs/std_log.txt");

        ModelVersionDetails v = as(AppRole.CONTRIBUTOR, () -> outputService.registerModel(ModelTestData.uniqueName("ray-diabetes"),
                null, new RegisterFromJobCommand("mlflow_model",
                        "azureml://jobs/" + job.name() + "/outputs/artifacts/paths/outputs/model", "trained on Ray",
                        Map.of(), null)));
        assertThat(v.type()).isEqualTo(ModelType.MLFLOW);
        assertThat(v.storage().bytesNew()).isZero();
        assertThat(v.files().count()).isEqualTo(5);
    }

    @Test
    void the_log_is_live_and_cancel_stops_the_ray_task_and_every_process_within_five_seconds() throws Exception {
        JobDetails job = submit("python3 slow.py", "python-3@latest", Map.of("slow.py", """
                import os, subprocess, sys, time
                # a child in a session of its own, as a careless script leaves one behind
                subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
                print("started", flush=True)
                time.sleep(600)
                """));

        String live = awaitLogWhileRunning(job.name(), "started", Duration.ofSeconds(120));
        Matcher worker = Pattern.compile("worker pid (\\d+)").matcher(live);
        assertThat(worker.find()).as(live).isTrue();
        long workerPid = Long.parseLong(worker.group(1));
        String runId = jdbc.queryForObject("select run_id from job where name = ?", String.class, job.name());
        assertThat(JobProcesses.find(runId)).as("the job's processes run (the driver here, the command on the worker)")
                .hasSizeGreaterThanOrEqualTo(3);

        long asked = System.nanoTime();
        as(AppRole.CONTRIBUTOR, () -> jobs.cancel(job.name()));
        JobDetails canceled = JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(JobProcesses.find(runId)).as("no process of the run is left, here or on the worker").isEmpty();
        assertThat(RayHead.running(workerPid)).as("the actor's worker process is gone").isFalse();
        assertThat(head().liveActors()).as("no job actor is left in the cluster").noneMatch(a -> a.startsWith("JobActor"));
        assertThat(log(job.name())).contains("started").contains("stopped the job on the Ray worker");
    }

    @Test
    void a_worker_that_dies_fails_the_job_with_the_reason() throws Exception {
        JobDetails job = submit("python3 wait.py", "python-3@latest", Map.of("wait.py", """
                import time
                print("waiting", flush=True)
                time.sleep(600)
                """));
        String live = awaitLogWhileRunning(job.name(), "waiting", Duration.ofSeconds(120));
        Matcher worker = Pattern.compile("worker pid (\\d+)").matcher(live);
        assertThat(worker.find()).isTrue();

        ProcessHandle.of(Long.parseLong(worker.group(1))).orElseThrow().destroyForcibly(); // the worker dies

        JobDetails failed = JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, Duration.ofSeconds(60));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.statusReason()).startsWith("the Ray worker running the job died: ");
        String runId = jdbc.queryForObject("select run_id from job where name = ?", String.class, job.name());
        assertThat(JobProcesses.find(runId)).as("the command died with its worker").isEmpty();
    }

    @Test
    void the_compute_page_can_show_the_clusters_nodes_and_free_resources() {
        RayComputeExecutor rayLocal = (RayComputeExecutor) registry.find(1, "ray-local").orElseThrow();
        RayClusterStatus status = rayLocal.clusterStatus();
        assertThat(status.reachable()).as(status.problem()).isTrue();
        assertThat(status.nodes()).hasSize(1).allSatisfy(n -> {
            assertThat(n.alive()).isTrue();
            assertThat(n.resources()).containsEntry("CPU", 2.0);
        });
        assertThat(status.total()).containsEntry("CPU", 2.0);
        assertThat(status.available()).containsKey("CPU");

        RayClusterStatus nobody = factory.create(new ComputeTargetDefinition(1, "ray-nowhere", "ray", 1,
                "127.0.0.1:1", new ComputeTargetDefinition.ComputeResources(1, 0, 0))).clusterStatus();
        assertThat(nobody.reachable()).isFalse();
        assertThat(nobody.problem()).contains("127.0.0.1:1");
    }

    @Test
    void a_ray_target_is_checked_before_it_is_stored() {
        var cpu = new ComputeTargetDefinition.ComputeResources(1, 0, 0);
        assertThatThrownBy(() -> factory.validate(new ComputeTargetDefinition(1, "r", "ray", 1, "head; rm -rf /", cpu)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> factory.validate(new ComputeTargetDefinition(1, "r", "ray", 1, "head:99999", cpu)))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> factory.validate(new ComputeTargetDefinition(1, "r", "ray", 0, "head:6379", cpu)))
                .hasMessageContaining("slots");
        assertThatThrownBy(() -> factory.validate(new ComputeTargetDefinition(1, "r", "ray", 1, "head:6379",
                new ComputeTargetDefinition.ComputeResources(0, 0, 0)))).hasMessageContaining("cpus");
        assertThatThrownBy(() -> factory.validate(new ComputeTargetDefinition(1, "r", "ray", 1, "head:6379", null)))
                .hasMessageContaining("cpus");
        factory.validate(new ComputeTargetDefinition(1, "r", "ray", 1, "ray-head.internal:6379", cpu));
    }
}
