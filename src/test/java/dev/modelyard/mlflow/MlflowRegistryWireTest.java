package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.call;
import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.mlflow.MlflowTestSupport.Reply;
import dev.modelyard.models.ModelService;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Exact JSON of what the Java client does not exercise: error envelopes, page tokens, hostile sources, alias history. */
@IntegrationTest
@Timeout(180)
class MlflowRegistryWireTest {

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
    ModelService models;

    @BeforeEach
    void setUp() throws Exception {
        TestUsers.ensureCreated(users);
        synchronized (MlflowRegistryWireTest.class) {
            if (job == null) {
                job = MlflowTestSupport.finishedJobWithModel(rest, events);
            }
        }
    }

    private Reply post(String path, Object body) {
        return call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/" + path, json(body));
    }

    private Reply get(String pathAndQuery) {
        return call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/" + pathAndQuery, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A GET with a bearer token, as MLflow clients send MLFLOW_TRACKING_TOKEN. */
    private Reply bearer(String path, String token) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(Reply r, int status, String code, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.body().size()).as("only error_code and message").isEqualTo(2);
        assertThat(r.body().get("error_code").asText()).isEqualTo(code);
        assertThat(r.body().get("message").asText()).isEqualTo(message);
    }

    @Test
    void errors_come_in_mlflows_envelope_with_its_status_table() {
        assertError(call(port, null, "GET", "/api/2.0/mlflow/registered-models/get?name=x", null), 401, "UNAUTHENTICATED",
                "sign in with HTTP Basic (MLFLOW_TRACKING_USERNAME/PASSWORD) or a token (MLFLOW_TRACKING_TOKEN)");
        assertError(call(port, null, "GET", "/mlflow/default/ajax-api/2.0/mlflow/registered-models/get?name=x", null), 401,
                "UNAUTHENTICATED", "sign in with HTTP Basic (MLFLOW_TRACKING_USERNAME/PASSWORD) or a token (MLFLOW_TRACKING_TOKEN)");
        assertError(bearer("/api/2.0/mlflow/registered-models/get?name=x", "myd_not-a-token"), 401, "UNAUTHENTICATED",
                "the access token is unknown, expired or revoked");
        assertError(call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/registered-models/create",
                json(Map.of("name", unique("ro")))), 403, "PERMISSION_DENIED", "your role does not allow this");
        assertError(get("registered-models/get?name=no-such-model"), 404, "RESOURCE_DOES_NOT_EXIST",
                "model 'no-such-model' does not exist");
        assertError(get("registered-models/get"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
        assertError(get("no-such/endpoint"), 404, "ENDPOINT_NOT_FOUND",
                "this MLflow endpoint is not served by Modelyard; see the README's MLflow coverage table");
        assertError(call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/registered-models/create", "{not json"),
                400, "MALFORMED_REQUEST", "the request body is not valid JSON");
        String name = unique("dup");
        assertThat(post("registered-models/create", Map.of("name", name)).status()).isEqualTo(200);
        assertError(post("registered-models/create", Map.of("name", name.toUpperCase())), 400, "RESOURCE_ALREADY_EXISTS",
                "model '" + name.toUpperCase() + "' already exists");
        assertError(get("model-versions/get?name=" + name + "&version=one"), 400, "INVALID_PARAMETER_VALUE",
                "Invalid value 'one' for parameter 'version': a model version is a positive integer");
        assertError(get("registered-models/search?max_results=5000"), 400, "INVALID_PARAMETER_VALUE",
                "Invalid value for request parameter max_results. It must be at most 1000 and at least 1, but got value 5000");
    }

    @Test
    void the_same_endpoints_answer_under_every_prefix() {
        String name = unique("pfx");
        assertThat(post("registered-models/create", Map.of("name", name)).status()).isEqualTo(200);
        for (String prefix : List.of("/api/2.0/mlflow", "/ajax-api/2.0/mlflow", "/api/2.0/preview/mlflow",
                "/mlflow/default/api/2.0/mlflow", "/mlflow/default/ajax-api/2.0/mlflow", "/mlflow/default/api/2.0/preview/mlflow")) {
            Reply r = call(port, TestUsers.READER, "GET", prefix + "/registered-models/get?name=" + name, null);
            assertThat(r.status()).as(prefix).isEqualTo(200);
            assertThat(r.body().at("/registered_model/name").asText()).isEqualTo(name);
        }
    }

    @Test
    void malformed_filters_say_where() {
        assertError(get("registered-models/search?filter=" + enc("name = 'a' OR name = 'b'")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid filter at position 12 (at 'OR name = 'b''): expected AND or the end of the filter");
        assertError(get("registered-models/search?filter=" + enc("tags.`team = 'x'")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid filter at position 6 (at '`team = 'x''): unclosed backtick");
        assertError(get("registered-models/search?filter=" + enc("owner = 'me'")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid filter at position 1 (at 'owner = 'me''): unknown key 'owner'; use name or tags.<key>");
        assertError(get("model-versions/search?filter=" + enc("run_id LIKE 'a%'")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid filter at position 8 (at 'LIKE 'a%''): operator LIKE does not apply to run_id");
        assertError(get("registered-models/search?filter=" + enc("name = 'open")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid filter at position 8 (at ''open'): unclosed string");
        assertError(get("registered-models/search?order_by=" + enc("owner ASC")), 400, "INVALID_PARAMETER_VALUE",
                "Invalid order_by key 'owner'; use name, creation_timestamp or last_updated_timestamp");
        Reply in = get("model-versions/search?filter=" + enc("run_id IN ('" + job + "', 'other') AND version_number >= 1"));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
    }

    @Test
    void forged_and_altered_page_tokens_are_refused() {
        String prefix = unique("tok");
        for (int i = 0; i < 3; i++) {
            post("registered-models/create", Map.of("name", prefix + "-" + i));
        }
        String filter = enc("name LIKE '" + prefix + "%'");
        String token = get("registered-models/search?max_results=1&filter=" + filter).body().get("next_page_token").asText();
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[3] ^= 0x01; // offset 1 → 0 (or 0 → 1): the signature no longer matches
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String message = "Invalid page_token: it was not issued by this server or has been altered";
        assertError(get("registered-models/search?max_results=1&filter=" + filter + "&page_token=" + enc(altered)), 400,
                "INVALID_PARAMETER_VALUE", message);
        assertError(get("registered-models/search?max_results=1&filter=" + filter + "&page_token=bm90LWEtdG9rZW4"), 400,
                "INVALID_PARAMETER_VALUE", message);
        assertError(get("registered-models/search?max_results=1&filter=" + filter + "&page_token=%25%25%25"), 400,
                "INVALID_PARAMETER_VALUE", message);
        Reply ok = get("registered-models/search?max_results=1&filter=" + filter + "&page_token=" + enc(token));
        assertThat(ok.body().get("registered_models")).extracting(m -> m.get("name").asText()).containsExactly(prefix + "-1");
    }

    @Test
    void every_hostile_source_is_refused_and_writes_nothing() {
        String name = unique("hostile");
        assertThat(post("registered-models/create", Map.of("name", name)).status()).isEqualTo(200);
        List<String> hostile = List.of(
                "file:///etc/passwd", "/etc/passwd", "//proc/self/root/etc/passwd", "file://localhost/etc/passwd",
                "runs:/" + job + "/../../../etc/passwd", "runs:/" + job + "/outputs/%2e%2e/%2e%2e/etc",
                "runs:/" + job + "/outputs/%252e%252e/etc", "runs:/" + job + "/outputs\\..\\..\\etc",
                "runs:/" + job + "/outputs/model?x=1", "runs:/" + job + "/outputs/model#frag",
                "runs:/" + job + "/outputs/model;/etc/passwd", "runs://evil.example.com/" + job + "/outputs/model",
                "mlflow-artifacts://evil.example.com/0/" + job + "/artifacts/model", "mlflow-artifacts:/../../etc",
                "azureml://jobs/" + job + "/outputs/artifacts/paths/../../etc", "azureml://evil/jobs/x",
                "jobs:/" + job + "/./outputs/model", "jobs:/" + job + "//outputs/model", "s3://bucket/model",
                "http://169.254.169.254/latest/meta-data", "models:/../x/1", "RUNS:/" + job + "/outputs/model",
                "runs:/" + job + "/outputs/model\u0000", "runs:/" + job + "/outputs/ model", "runs:/C:/Windows");
        for (String source : hostile) {
            Reply r = post("model-versions/create", Map.of("name", name, "source", source));
            assertThat(r.status()).as(source + " → " + r.text()).isEqualTo(400);
            assertThat(r.body().get("error_code").asText()).as(source).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(r.body().get("message").asText()).as(source).doesNotContain("/work/").doesNotContain("Exception");
        }
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(models.nextVersion(name)).isEqualTo(1));
        assertThat(get("model-versions/search?filter=" + enc("name = '" + name + "'")).body().get("model_versions")).isEmpty();
        // and the same reference, written canonically, registers
        Reply ok = post("model-versions/create", Map.of("name", name, "source", "runs:/" + job + "/outputs/model/"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.body().at("/model_version/source").asText()).isEqualTo("runs:/" + job + "/outputs/model");
    }

    @Test
    void model_level_tags_are_found_by_the_models_search_with_the_model_prefix() {
        String name = unique("mtag");
        String team = unique("team");
        post("registered-models/create", Map.of("name", name, "tags", List.of(Map.of("key", "team", "value", team))));
        post("model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model",
                "tags", List.of(Map.of("key", "team", "value", "version-level"))));
        Reply byModelTag = call(port, TestUsers.READER, "GET", "/api/v1/models?q=" + enc("model.team=" + team), null);
        assertThat(byModelTag.body().get("items")).as(byModelTag.text()).extracting(m -> m.get("name").asText())
                .containsExactly(name);
        Reply byVersionTag = call(port, TestUsers.READER, "GET", "/api/v1/models?q=" + enc("team=" + team), null);
        assertThat(byVersionTag.body().get("items")).as("a plain tag term means a version tag").isEmpty();
        Reply glob = call(port, TestUsers.READER, "GET", "/api/v1/models?q=" + enc("has:model.team AND model.team~" + team.substring(0, 6) + "*"), null);
        assertThat(glob.body().get("items")).extracting(m -> m.get("name").asText()).contains(name);
        Reply numeric = call(port, TestUsers.READER, "GET", "/api/v1/models?q=" + enc("model.team>3"), null);
        assertThat(numeric.status()).isEqualTo(400);
        assertThat(call(port, TestUsers.CONTRIBUTOR, "DELETE", "/api/2.0/mlflow/registered-models/delete-tag",
                json(Map.of("name", name, "key", "team"))).status()).isEqualTo(200);
        assertThat(call(port, TestUsers.READER, "GET", "/api/v1/models?q=" + enc("model.team=" + team), null)
                .body().get("items")).isEmpty();
    }

    @Test
    void alias_history_answers_what_an_alias_pointed_to_at_any_instant() throws Exception {
        String name = unique("hist");
        post("registered-models/create", Map.of("name", name));
        post("model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model"));
        post("model-versions/create", Map.of("name", name, "source", "jobs:/" + job + "/outputs/model"));
        post("registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"));
        Instant whileOne = Instant.now();
        Reply moved = call(port, TestUsers.CONTRIBUTOR, "PUT", "/api/v1/models/" + name + "/aliases/champion",
                json(Map.of("version", 2)));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(moved.body().get("aliases")).extracting(JsonNode::asText).containsExactly("champion");

        Reply then = call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/aliases/champion?at=" + whileOne, null);
        Reply now = call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/aliases/champion", null);
        assertThat(then.body().get("version").asInt()).as(then.text()).isEqualTo(1);
        assertThat(now.body().get("version").asInt()).isEqualTo(2);
        assertThat(call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/aliases/champion?at=2000-01-01T00:00:00Z",
                null).status()).isEqualTo(404);
        assertThat(call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/versions/@champion", null)
                .body().get("version").asInt()).isEqualTo(2);

        assertThat(call(port, TestUsers.CONTRIBUTOR, "DELETE", "/api/2.0/mlflow/registered-models/alias",
                json(Map.of("name", name, "alias", "champion"))).status()).isEqualTo(200);
        JsonNode history = call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/alias-history", null).body();
        assertThat(history).extracting(h -> h.get("alias").asText() + "→" + h.get("version").asText())
                .containsExactly("champion→null", "champion→2", "champion→1");
        assertThat(history.get(0).get("by").asText()).isEqualTo(TestUsers.CONTRIBUTOR);
        assertThat(call(port, TestUsers.READER, "GET", "/api/v1/models/" + name + "/aliases/champion", null).status())
                .isEqualTo(404);
        assertError(post("registered-models/alias", Map.of("name", name, "alias", "v3", "version", "1")), 400,
                "INVALID_PARAMETER_VALUE", "alias 'v3' is reserved: 'latest' and v<number> name versions");
    }
}
