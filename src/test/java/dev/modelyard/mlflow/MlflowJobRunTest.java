package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.call;
import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.RunService;
import dev.modelyard.mlflow.MlflowTestSupport.Reply;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A real job that is an MLflow run: a Python script speaking MLflow's REST protocol (urllib) attaches through
 * MLFLOW_RUN_ID, logs params and 50 metric steps, uploads a model folder to model/ through the artifact proxy;
 * the model then registers through runs:/, azureml:// and mlflow-artifacts:/ with 0 new bytes each time.
 */
@IntegrationTest
@Timeout(180)
class MlflowJobRunTest {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    JobEvents events;
    @Autowired
    ModelService models;
    @Autowired
    RunService runs;

    @BeforeEach
    void setUp() {
        TestUsers.ensureCreated(users);
    }

    private Reply post(String path, Object body) {
        return call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/" + path, json(body));
    }

    @Test
    void a_job_logs_through_mlflow_and_its_model_registers_three_ways_with_no_new_bytes() throws Exception {
        String job = runJob();
        JsonNode run = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/runs/get?run_id=" + job, null).body().get("run");
        assertThat(run.at("/info/status").asText()).isEqualTo("FINISHED");
        assertThat(run.at("/data/params")).extracting(p -> p.get("key").asText() + "=" + p.get("value").asText())
                .containsExactlyInAnyOrder("alpha=0.5", "epochs=50");
        JsonNode history = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/metrics/get-history?run_id=" + job
                + "&metric_key=loss", null).body().get("metrics");
        assertThat(history).hasSize(50);
        assertThat(history.get(49).get("step").asInt()).isEqualTo(49);

        // the logged files sit in the job's artifact tree at the logged path, beside what it left in outputs/
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(runs.artifacts(job))
                .extracting(f -> f.path()).contains("model/MLmodel", "model/model.pkl", "user_logs/std_log.txt"));
        JsonNode listed = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/artifacts/list?run_id=" + job + "&path=model",
                null).body();
        assertThat(listed.get("files")).extracting(f -> f.get("path").asText()).containsExactly("model/MLmodel", "model/model.pkl");

        String experiment = run.at("/info/experiment_id").asText();
        String name = unique("logged");
        post("registered-models/create", Map.of("name", name));
        List<String> sources = List.of("runs:/" + job + "/model", "azureml://jobs/" + job + "/outputs/artifacts/paths/model/",
                "mlflow-artifacts:/" + experiment + "/" + job + "/artifacts/model");
        for (String source : sources) {
            Reply created = post("model-versions/create", Map.of("name", name, "source", source));
            assertThat(created.status()).as(source + " " + created.text()).isEqualTo(200);
        }
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> {
            for (int v = 1; v <= 3; v++) {
                ModelVersionDetails details = models.version(new VersionRef(name, v));
                assertThat(details.type().wireName()).isEqualTo("mlflow_model");
                assertThat(details.storage().bytesNew()).isZero();
                assertThat(models.files(new VersionRef(name, v))).extracting(f -> f.path()).containsExactly("MLmodel", "model.pkl");
                assertThat(details.runId()).isEqualTo(job);
            }
            assertThat(models.storage(new VersionRef(name, 1)).uniqueBytes()).as("every byte shared with the run").isZero();
        });

        // the artifact proxy serves the version's own copy (get-download-uri), with byte ranges
        String uri = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/model-versions/get-download-uri?name=" + name
                + "&version=1", null).body().get("artifact_uri").asText();
        assertThat(uri).isEqualTo("mlflow-artifacts:/registry/" + name + "/1");
        Reply mlmodel = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow-artifacts/artifacts/registry/" + name + "/1/MLmodel", null);
        assertThat(mlmodel.text()).startsWith("artifact_path: model");
        var ranged = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD).exchange(
                "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + job + "/artifacts/model/MLmodel", HttpMethod.GET,
                new HttpEntity<>(headers("Range", "bytes=0-12")), String.class);
        assertThat(ranged.getStatusCode().value()).isEqualTo(206);
        assertThat(ranged.getBody()).isEqualTo("artifact_path");
    }

    @Test
    void artifact_paths_that_climb_out_are_refused_and_write_nothing() {
        String experiment = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/experiments/create",
                json(Map.of("name", unique("proxy")))).body().get("experiment_id").asText();
        String run = post("runs/create", Map.of("experiment_id", experiment)).body().at("/run/info/run_id").asText();
        for (String path : List.of("model/%2e%2e/%2e%2e/escape", "model/..%5C..%5Cescape", "model//x", "model/./x")) {
            Reply r = call(port, TestUsers.CONTRIBUTOR, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run
                    + "/artifacts/" + path, "bytes");
            // refused by the container's firewall (encoded dots and backslashes) or by the path check (empty, '.')
            assertThat(r.status()).as(path + " → " + r.text()).isNotEqualTo(200);
        }
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(runs.artifacts(run)).isEmpty());
        Reply ok = call(port, TestUsers.CONTRIBUTOR, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run
                + "/artifacts/notes/readme.txt", "hello");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        JsonNode listing = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + experiment + "/"
                + run + "/artifacts", null).body();
        assertThat(listing.toString()).isEqualTo("{\"files\":[{\"path\":\"notes\",\"is_dir\":true}]}");
        assertThat(call(port, TestUsers.READER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run
                + "/artifacts/x.txt", "no").body().get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    }

    private static HttpHeaders headers(String name, String value) {
        HttpHeaders h = new HttpHeaders();
        h.set(name, value);
        return h;
    }

    private String runJob() throws IOException, InterruptedException {
        byte[] script;
        try (InputStream in = getClass().getResourceAsStream("/mlflow/log_run.py")) {
            script = in.readAllBytes();
        }
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new HttpEntity<>(json(Map.of("command", "python3 log_run.py", "environment", "python-3@latest",
                "experimentName", unique("mlflow-job"), "environmentVariables", Map.of(
                        "MLFLOW_TRACKING_USERNAME", TestUsers.CONTRIBUTOR, "MLFLOW_TRACKING_PASSWORD", TestUsers.PASSWORD))), json));
        form.add("files", new ByteArrayResource(script) {
            @Override
            public String getFilename() {
                return "log_run.py";
            }
        });
        HttpHeaders multipart = new HttpHeaders();
        multipart.setContentType(MediaType.MULTIPART_FORM_DATA);
        Map<?, ?> created = rest.withBasicAuth(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD)
                .exchange("/api/v1/jobs", HttpMethod.POST, new HttpEntity<>(form, multipart), Map.class).getBody();
        String name = (String) created.get("name");
        CountDownLatch ended = new CountDownLatch(1);
        Runnable unsubscribe = events.subscribe(e -> {
            if (e.jobName().equals(name) && e.status().isTerminal()) {
                ended.countDown();
            }
        });
        try {
            String status = (String) rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                    .getForEntity("/api/v1/jobs/" + name, Map.class).getBody().get("status");
            if (!List.of("Completed", "Failed", "Canceled").contains(status)) {
                assertThat(ended.await(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            unsubscribe.run();
        }
        String log = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD).getForObject("/api/v1/jobs/" + name + "/logs",
                String.class);
        assertThat(rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD).getForEntity("/api/v1/jobs/" + name, Map.class)
                .getBody().get("status")).as(log).isEqualTo("Completed");
        assertThat(log).contains("attached to run " + name).contains("logged ['MLmodel', 'model.pkl']");
        return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
