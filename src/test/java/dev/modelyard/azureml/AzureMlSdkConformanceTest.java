package dev.modelyard.azureml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.UserService;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 10's acceptance: Debian's azure-ai-ml 1.4.0 runs the Azure ML docs' two snippets verbatim (only the client's
 * construction differs) against this Modelyard over HTTPS: the job completes and streams its log, the run's model/
 * registers as mlflow-diabetes 1 (8-input signature) and 2, get/list answer, the same folder is uploaded once, and
 * everything shows in Modelyard as its own jobs and versions.
 */
@IntegrationTest
@TestPropertySource(properties = "modelyard.tls.mode=self-signed")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AzureMlSdkConformanceTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SDK = Path.of("/usr/lib/python3/dist-packages/azure/ai/ml");

    @LocalServerPort
    int port;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    UserService users;
    @Autowired
    ComputeTargetService computes;
    @Autowired
    TokenService tokens;
    @Autowired
    JobService jobs;

    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    ModelService models;
    @Autowired
    BlobService blobs;
    @Autowired
    ObjectMapper json;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @TempDir
    Path work;

    @Test
    void the_azure_ml_docs_code_runs_verbatim_against_modelyard() throws Exception {
        assertThat(SDK).as("Debian's python3-azure (azure-ai-ml 1.4.0) is installed: apt-get install -y python3-azure "
                + "(.ci/run does)").isDirectory();
        String wsName = "azml-" + Long.toString(System.nanoTime(), 36);
        WorkspaceRef ws = AzureMlTestSupport.workspace(wsName, workspaces, users, computes);
        String token = AzureMlTestSupport.token(tokens, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, wsName);
        copy(Path.of("samples/azureml-diabetes/src"), work.resolve("src"));
        Path script = Path.of(getClass().getResource("/azureml/sdk_conformance.py").toURI());

        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString()).directory(work.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PYTHONPATH", script.getParent().toString());
        env.put("REQUESTS_CA_BUNDLE", AzureMlTestSupport.ca().toString());
        env.put("AZUREML_DEV_URL_MFE", "https://127.0.0.1:" + port + "/");
        env.put("MODELYARD_TOKEN", token);
        env.put("MODELYARD_WORKSPACE", wsName);
        env.put("PYTHONUNBUFFERED", "1");
        double writesBefore = meters.counter("modelyard.azureml.blob.writes").count();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(8, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("CONFORMANCE OK", "Monitor your job at https://127.0.0.1:" + port + "/w/" + wsName + "/jobs/",
                "Streaming user_logs/std_log.txt", "Read 10000 rows from diabetes.csv", "Accuracy:", "Execution Summary");

        // two files in ./src, three submissions of it: written by the first only (the SDK finds them by metadata)
        assertThat(meters.counter("modelyard.azureml.blob.writes").count() - writesBefore).isEqualTo(2.0);

        Map<String, JsonNode> results = new HashMap<>();
        output.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            try {
                json.readTree(l.substring(7)).fields().forEachRemaining(e -> results.put(e.getKey(), e.getValue()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        String job = results.get("job").asText();
        String again = results.get("again").asText();
        assertThat(results).containsKey("failed_stream");
        assertThat(output).contains("going down");

        CurrentWorkspace.runIn(ws, () -> TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> {
            // what the SDK did is Modelyard's own: a job of the workspace on aml-cluster, two versions from it
            JobDetails details = queries.get(job);
            assertThat(details.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(details.compute()).isEqualTo("aml-cluster");
            assertThat(details.environment()).isEqualTo(EnvironmentNames.SKLEARN + ":1");
            assertThat(details.displayName()).isEqualTo("diabetes-train-signature");
            assertThat(details.experimentName()).isEqualTo("diabetes-training");
            ModelVersionDetails v1 = models.version(new VersionRef("mlflow-diabetes", 1));
            assertThat(v1.runId()).isEqualTo(job);
            assertThat(v1.storage().bytesNew()).isZero();
            assertThat(((MlflowFormat) v1.format()).signature().inputs()).hasSize(8);
            assertThat(models.version(new VersionRef("mlflow-diabetes", 2)).runId()).isEqualTo(job);
            assertThat(queries.get(again).status()).isEqualTo(JobStatus.COMPLETED);
        }));
        // one copy of each file of ./src, written once (created = last modified for those whose metadata never changed)
        List<BlobInfo> uploaded = blobs.list(ws.id(), BlobService.container(ws.id()), "LocalUpload/");
        assertThat(uploaded).extracting(BlobInfo::path).anyMatch(p -> p.endsWith("/src/train-model-signature.py"))
                .anyMatch(p -> p.endsWith("/src/diabetes.csv"));
        assertThat(uploaded).extracting(BlobInfo::path).filteredOn(p -> p.endsWith("/src/diabetes.csv")).hasSize(1);
        assertThat(uploaded).filteredOn(b -> b.path().endsWith(".py")).allMatch(b -> b.createdAt().equals(b.lastModified()));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The curated environment's name, as the jobs feature knows it. */
    static final class EnvironmentNames {
        static final String SKLEARN = dev.modelyard.jobs.EnvironmentService.AZUREML_SKLEARN;
    }
}
