package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.JSON;
import static dev.modelyard.mlflow.MlflowTestSupport.call;
import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.mlflow.MlflowTestSupport.Reply;
import dev.modelyard.security.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** runs/log-inputs: datasets stored with the run, returned in runs/get and runs/search, searchable, within MLflow's limits. */
@IntegrationTest
@Timeout(120)
class MlflowRunInputsTest {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    MlflowClient client;
    String experiment;

    @BeforeEach
    void setUp() {
        TestUsers.ensureCreated(users);
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port + "/mlflow/default",
                TestUsers.CONTRIBUTOR, TestUsers.PASSWORD));
        experiment = client.createExperiment(unique("inputs"));
    }

    private Reply post(String path, Object body) {
        return call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/" + path, json(body));
    }

    private static Map<String, Object> input(String name, String digest, String context) {
        Map<String, Object> dataset = new java.util.LinkedHashMap<>();
        dataset.put("name", name);
        dataset.put("digest", digest);
        dataset.put("source_type", "local");
        dataset.put("source", "{\"uri\": \"/data/" + name + ".csv\"}");
        dataset.put("schema", "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x\"}]}");
        dataset.put("profile", "{\"num_rows\": 150}");
        return Map.of("tags", List.of(Map.of("key", "mlflow.data.context", "value", context)), "dataset", dataset);
    }

    @Test
    void logged_datasets_come_back_in_the_runs_inputs_exactly() throws Exception {
        String run = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experiment).setRunName("with-data")
                .setStartTime(5000).build()).getRunId();
        assertThat(post("runs/log-inputs", Map.of("run_id", run, "datasets", List.of(input("iris", "a1b2c3d4", "train"))))
                .status()).isEqualTo(200);
        // the same dataset again is kept as first logged; another one is added
        assertThat(post("runs/log-inputs", Map.of("run_id", run, "datasets", List.of(input("iris", "a1b2c3d4", "eval"),
                Map.of("dataset", Map.of("name", "wine", "digest", "ffff", "source_type", "http", "source", "{}")))))
                .status()).isEqualTo(200);

        JsonNode got = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/runs/get?run_id=" + run, null).body();
        String expected = """
                {"run": {
                  "info": {"run_id": "{run}", "run_uuid": "{run}", "run_name": "with-data", "experiment_id": "{exp}",
                           "user_id": "{user}", "status": "RUNNING", "start_time": 5000,
                           "artifact_uri": "mlflow-artifacts:/{exp}/{run}/artifacts", "lifecycle_stage": "active"},
                  "data": {"metrics": [], "params": [],
                           "tags": [{"key": "mlflow.runName", "value": "with-data"}, {"key": "mlflow.user", "value": "{user}"}]},
                  "inputs": {"dataset_inputs": [
                    {"tags": [{"key": "mlflow.data.context", "value": "train"}],
                     "dataset": {"name": "iris", "digest": "a1b2c3d4", "source_type": "local",
                                 "source": "{\\"uri\\": \\"/data/iris.csv\\"}",
                                 "schema": "{\\"mlflow_colspec\\": [{\\"type\\": \\"double\\", \\"name\\": \\"x\\"}]}",
                                 "profile": "{\\"num_rows\\": 150}"}},
                    {"tags": [],
                     "dataset": {"name": "wine", "digest": "ffff", "source_type": "http", "source": "{}"}}]}}}
                """.replace("{run}", run).replace("{exp}", experiment).replace("{user}", TestUsers.CONTRIBUTOR);
        assertThat(got).isEqualTo(JSON.readTree(expected));

        // the stock client reads them
        Service.RunInputs inputs = client.getRun(run).getInputs();
        assertThat(inputs.getDatasetInputsList()).extracting(i -> i.getDataset().getName()).containsExactly("iris", "wine");
        assertThat(inputs.getDatasetInputs(0).getTags(0).getValue()).isEqualTo("train");

        // runs/search returns them and filters on them
        JsonNode found = call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/runs/search", json(Map.of(
                "experiment_ids", List.of(experiment), "filter", "datasets.name = 'iris' AND datasets.context = 'train'"))).body();
        assertThat(found.at("/runs/0/inputs")).isEqualTo(got.at("/run/inputs"));
        assertThat(search("datasets.digest IN ('ffff', 'x')")).containsExactly(run);
        assertThat(search("datasets.context = 'eval'")).isEmpty();
        assertThat(search("datasets.name LIKE 'w%'")).containsExactly(run);
    }

    private List<String> search(String filter) {
        return client.searchRuns(List.of(experiment), filter).stream().map(Service.RunInfo::getRunId).toList();
    }

    @Test
    void limits_are_answered_as_mlflow_answers_them_and_write_nothing() {
        String run = client.createRun(experiment).getRunId();
        assertRefused(run, List.of(input("ok", "1", "train"), input("long", "d".repeat(37), "train")),
                "'digest' exceeds the maximum length of 36 characters");
        assertRefused(run, List.of(input("n".repeat(501), "1", "train")), "'name' exceeds the maximum length of 500 characters");
        assertRefused(run, List.of(Map.of("dataset", Map.of("name", "x", "digest", "1", "source_type", "local"))),
                "Dataset source cannot be None");
        assertRefused(run, List.of(Map.of("tags", List.of(Map.of("key", "k", "value", "v".repeat(501))),
                "dataset", Map.of("name", "x", "digest", "1", "source_type", "local", "source", "{}"))),
                "'value' exceeds the maximum length of 500 characters");
        assertThat(client.getRun(run).getInputs().getDatasetInputsCount()).isZero();

        Reply unknownRun = post("runs/log-inputs", Map.of("run_id", "no_such_run", "datasets", List.of(input("a", "1", "t"))));
        assertThat(unknownRun.status()).isEqualTo(404);
        assertThat(unknownRun.body().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        Reply reader = call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/runs/log-inputs",
                json(Map.of("run_id", run, "datasets", List.of(input("a", "1", "t")))));
        assertThat(reader.status()).isEqualTo(403);
        Reply badFilter = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/runs/search?experiment_ids=" + experiment
                + "&filter=" + URLEncoder.encode("datasets.size = 'x'", StandardCharsets.UTF_8), null);
        assertThat(badFilter.body().get("message").asText()).isEqualTo("Invalid filter at position 1 (at 'datasets.size = 'x''): "
                + "unknown dataset key 'size'; use datasets.name, datasets.digest or datasets.context");
    }

    private void assertRefused(String run, List<?> datasets, String message) {
        Reply r = post("runs/log-inputs", Map.of("run_id", run, "datasets", datasets));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(r.body().get("message").asText()).isEqualTo(message);
    }
}
