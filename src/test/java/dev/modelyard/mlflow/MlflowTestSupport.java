package dev.modelyard.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Raw HTTP calls with any method and body (MLflow clients send DELETE with a JSON body), and a finished job. */
final class MlflowTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MlflowTestSupport() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    record Reply(int status, JsonNode body, String text) {
    }

    static Reply call(int port, String user, String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (user != null) {
                String password = user.equals("admin") ? TestUsers.ADMIN_PASSWORD : TestUsers.PASSWORD;
                b.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : parseOrNull(r.body());
            return new Reply(r.statusCode(), json, r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a real job whose outputs hold an MLflow model folder at outputs/model (MLmodel + model.pkl) and
     * returns its name once it has finished.
     */
    static String finishedJobWithModel(TestRestTemplate rest, JobEvents events) throws InterruptedException {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new HttpEntity<>("{\"command\": \"sh train.sh\", \"environment\": \"python-3@latest\", "
                + "\"experimentName\": \"mlflow-registry-tests\"}", json));
        String script = """
                mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                printf 'artifact_path: model\\nflavors:\\n  python_function:\\n    loader_module: mlflow.sklearn\\n' > "$MODELYARD_OUTPUTS_DIR/model/MLmodel"
                echo "weights of $MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.pkl"
                """;
        form.add("files", new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "train.sh";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        Map<?, ?> created = rest.withBasicAuth(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD)
                .exchange("/api/v1/jobs", HttpMethod.POST, new HttpEntity<>(form, headers), Map.class).getBody();
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
                assertThat(ended.await(90, TimeUnit.SECONDS)).as("job " + name + " ended").isTrue();
            }
        } finally {
            unsubscribe.run();
        }
        assertThat(rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/jobs/" + name, Map.class).getBody().get("status")).isEqualTo("Completed");
        return name;
    }
}
