package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.Page;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The stock MLflow Java client (org.mlflow:mlflow-client) against the running app: every registry call it offers,
 * and the rest of the registry API through its generic sendGet/sendPost/sendPatch, over both the bare
 * /api/2.0/mlflow prefix and the per-workspace tracking URI /mlflow/default.
 */
@IntegrationTest
@Timeout(180)
class MlflowRegistryClientTest {

    private static String job;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    JobEvents events;
    @Autowired
    ModelService modelService;

    MlflowClient client;
    MlflowClient workspaceClient;

    @BeforeEach
    void setUp() throws Exception {
        TestUsers.ensureCreated(users);
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD));
        workspaceClient = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port + "/mlflow/default",
                TestUsers.CONTRIBUTOR, TestUsers.PASSWORD));
        synchronized (MlflowRegistryClientTest.class) {
            if (job == null) {
                job = MlflowTestSupport.finishedJobWithModel(rest, events);
            }
        }
    }

    private JsonNode post(MlflowClient c, String path, Object body) throws Exception {
        return MlflowTestSupport.JSON.readTree(c.sendPost(path, json(body)));
    }

    private JsonNode get(MlflowClient c, String pathAndQuery) throws Exception {
        return MlflowTestSupport.JSON.readTree(c.sendGet(pathAndQuery));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void a_model_is_created_versioned_from_a_run_staged_aliased_and_found_with_the_stock_client() throws Exception {
        String name = unique("clf");
        JsonNode created = post(client, "registered-models/create", Map.of("name", name, "description", "a classifier",
                "tags", List.of(Map.of("key", "team", "value", "risk"))));
        assertThat(created.at("/registered_model/name").asText()).isEqualTo(name);
        assertThat(created.at("/registered_model/creation_timestamp").isIntegralNumber()).isTrue();

        ModelRegistry.RegisteredModel model = client.getRegisteredModel(name);
        assertThat(model.getDescription()).isEqualTo("a classifier");
        assertThat(model.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("team=risk");
        assertThat(model.getUserId()).isEqualTo(TestUsers.CONTRIBUTOR);

        // version 1 from runs:/, version 2 through the workspace tracking URI from azureml://, both sharing the job's bytes
        JsonNode v1 = post(client, "model-versions/create", Map.of("name", name, "source", "runs:/" + job + "/outputs/model",
                "run_id", job, "description", "first"));
        assertThat(v1.at("/model_version/version").asText()).isEqualTo("1");
        assertThat(v1.at("/model_version/version").isTextual()).isTrue();
        JsonNode v2 = post(workspaceClient, "model-versions/create", Map.of("name", name,
                "source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model/"));
        assertThat(v2.at("/model_version/version").asText()).isEqualTo("2");
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> {
            var details = modelService.version(new VersionRef(name, 2));
            assertThat(details.type().wireName()).isEqualTo("mlflow_model");
            assertThat(details.storage().bytesNew()).isZero();
            assertThat(details.sourceUri()).isEqualTo("azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model");
        });

        ModelRegistry.ModelVersion got = client.getModelVersion(name, "1");
        assertThat(got.getSource()).isEqualTo("runs:/" + job + "/outputs/model");
        assertThat(got.getRunId()).isEqualTo(job);
        assertThat(got.getCurrentStage()).isEqualTo("None");
        assertThat(got.getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
        assertThat(got.getDescription()).isEqualTo("first");
        assertThat(client.getModelVersion(name, "2").getRunId()).isEqualTo(job);

        // stages
        JsonNode staged = post(client, "model-versions/transition-stage", Map.of("name", name, "version", "1",
                "stage", "production", "archive_existing_versions", false));
        assertThat(staged.at("/model_version/current_stage").asText()).isEqualTo("Production");
        assertThat(client.getLatestVersions(name)).extracting(v -> v.getVersion() + ":" + v.getCurrentStage())
                .containsExactly("2:None", "1:Production");
        assertThat(client.getLatestVersions(name, List.of("Production"))).extracting(ModelRegistry.ModelVersion::getVersion)
                .containsExactly("1");
        post(client, "model-versions/transition-stage", Map.of("name", name, "version", "2", "stage", "Production",
                "archive_existing_versions", true));
        assertThat(client.getModelVersion(name, "1").getCurrentStage()).isEqualTo("Archived");

        // aliases: set, read, move
        post(client, "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"));
        assertThat(get(client, "registered-models/alias?name=" + name + "&alias=champion").at("/model_version/version").asText())
                .isEqualTo("1");
        post(client, "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "2"));
        assertThat(client.getRegisteredModel(name).getAliasesList()).extracting(a -> a.getAlias() + "@" + a.getVersion())
                .containsExactly("champion@2");
        assertThat(client.getModelVersion(name, "2").getAliasesList()).containsExactly("champion");
        assertThat(client.getModelVersion(name, "1").getAliasesList()).isEmpty();

        // a version registered from another by alias shares its files
        JsonNode v3 = post(client, "model-versions/create", Map.of("name", name, "source", "models:/" + name + "@champion"));
        assertThat(v3.at("/model_version/version").asText()).isEqualTo("3");

        assertThat(client.getModelVersionDownloadUri(name, "1")).isEqualTo("mlflow-artifacts:/registry/" + name + "/1");

        // search with a filter, ordering and paging through the client's own page objects
        ModelVersionsPage first = client.searchModelVersions("name = '" + name + "'", 2, List.of("version_number ASC"));
        assertThat(first.getItems()).extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1", "2");
        assertThat(first.hasNextPage()).isTrue();
        Page<ModelRegistry.ModelVersion> second = first.getNextPage();
        List<String> rest = new ArrayList<>();
        second.getItems().forEach(v -> rest.add(v.getVersion()));
        assertThat(rest).containsExactly("3");
        assertThat(second.hasNextPage()).isFalse();
        assertThat(client.searchModelVersions("run_id = '" + job + "' AND name = '" + name + "'").getItems())
                .extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("2", "1");

        // tags, description, rename
        post(client, "model-versions/set-tag", Map.of("name", name, "version", "1", "key", "validated", "value", "yes"));
        assertThat(client.getModelVersion(name, "1").getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactly("validated=yes");
        assertThat(MlflowTestSupport.call(port, TestUsers.CONTRIBUTOR, "DELETE", "/api/2.0/mlflow/model-versions/delete-tag",
                json(Map.of("name", name, "version", "1", "key", "validated"))).status()).isEqualTo(200);
        assertThat(client.getModelVersion(name, "1").getTagsList()).isEmpty();
        client.sendPatch("model-versions/update", json(Map.of("name", name, "version", "1", "description", "retired")));
        assertThat(client.getModelVersion(name, "1").getDescription()).isEqualTo("retired");
        client.sendPatch("registered-models/update", json(Map.of("name", name, "description", "renamed soon")));
        String renamed = name + "-v2";
        post(client, "registered-models/rename", Map.of("name", name, "new_name", renamed));
        assertThat(client.getRegisteredModel(renamed).getDescription()).isEqualTo("renamed soon");
        assertThat(client.getModelVersion(renamed, "2").getAliasesList()).containsExactly("champion");

        // errors surface through the client as MLflow's envelope
        assertThatThrownBy(() -> client.getRegisteredModel(name)).isInstanceOfSatisfying(MlflowHttpException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(404);
            assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
        });
    }

    @Test
    void registered_models_are_searched_by_name_and_tag_with_ordering_and_signed_page_tokens() throws Exception {
        String prefix = unique("srch");
        for (String suffix : List.of("b", "a", "c")) {
            post(client, "registered-models/create", Map.of("name", prefix + "-" + suffix,
                    "tags", List.of(Map.of("key", "my-key", "value", suffix.equals("c") ? "other" : "Shared"))));
        }
        JsonNode byTag = get(client, "registered-models/search?filter=" + enc("name LIKE '" + prefix + "%' AND tags.`my-key` = 'Shared'"));
        assertThat(byTag.get("registered_models")).extracting(m -> m.get("name").asText())
                .containsExactly(prefix + "-a", prefix + "-b");
        JsonNode ilike = get(client, "registered-models/search?filter=" + enc("name ILIKE '" + prefix.toUpperCase() + "%' AND tags.`my-key` ILIKE 'shar%'"));
        assertThat(ilike.get("registered_models")).hasSize(2);
        JsonNode notShared = get(client, "registered-models/search?filter=" + enc("name LIKE '" + prefix + "%' AND tag.`my-key` != 'Shared'"));
        assertThat(notShared.get("registered_models")).extracting(m -> m.get("name").asText()).containsExactly(prefix + "-c");

        String filter = enc("name LIKE '" + prefix + "%'");
        JsonNode page1 = get(client, "registered-models/search?max_results=2&order_by=" + enc("name DESC") + "&filter=" + filter);
        assertThat(page1.get("registered_models")).extracting(m -> m.get("name").asText())
                .containsExactly(prefix + "-c", prefix + "-b");
        String token = page1.get("next_page_token").asText();
        JsonNode page2 = get(client, "registered-models/search?max_results=2&order_by=" + enc("name DESC") + "&filter=" + filter
                + "&page_token=" + enc(token));
        assertThat(page2.get("registered_models")).extracting(m -> m.get("name").asText()).containsExactly(prefix + "-a");
        assertThat(page2.has("next_page_token")).isFalse();

        // ties on creation time break on name ascending
        JsonNode byCreated = get(client, "registered-models/search?order_by=" + enc("creation_timestamp DESC") + "&filter=" + filter);
        assertThat(byCreated.get("registered_models")).hasSize(3);

        // a token replayed against another query is refused
        assertThatThrownBy(() -> get(client, "registered-models/search?max_results=2&filter=" + enc("name LIKE 'x%'")
                + "&page_token=" + enc(token))).isInstanceOfSatisfying(MlflowHttpException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("page_token");
        });
    }

    @Test
    void concurrent_version_creation_through_the_api_numbers_exactly() throws Exception {
        String name = unique("race");
        post(client, "registered-models/create", Map.of("name", name));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(() -> post(client, "model-versions/create", Map.of("name", name,
                        "source", "jobs:/" + job + "/outputs/model")).at("/model_version/version").asText());
            }
            List<String> numbers = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                numbers.add(f.get());
            }
            assertThat(numbers).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void deleting_a_version_never_frees_its_number_and_deleting_a_model_removes_it() throws Exception {
        String name = unique("del");
        post(client, "registered-models/create", Map.of("name", name));
        post(client, "model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model"));
        post(client, "model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model"));
        post(client, "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "2"));
        // deleting is an admin's act
        assertThat(MlflowTestSupport.call(port, TestUsers.CONTRIBUTOR, "DELETE", "/api/2.0/mlflow/model-versions/delete",
                json(Map.of("name", name, "version", "2"))).body().get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(MlflowTestSupport.call(port, "admin", "DELETE", "/api/2.0/mlflow/model-versions/delete",
                json(Map.of("name", name, "version", "2"))).status()).isEqualTo(200);
        assertThat(client.getRegisteredModel(name).getAliasesList()).isEmpty();
        JsonNode v3 = post(client, "model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model"));
        assertThat(v3.at("/model_version/version").asText()).isEqualTo("3");
        assertThat(MlflowTestSupport.call(port, "admin", "DELETE", "/api/2.0/mlflow/registered-models/delete",
                json(Map.of("name", name))).status()).isEqualTo(200);
        assertThatThrownBy(() -> client.getRegisteredModel(name)).isInstanceOf(MlflowHttpException.class);
    }
}
