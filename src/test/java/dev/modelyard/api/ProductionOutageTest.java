package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import dev.modelyard.support.ExternalS3Server;
import dev.modelyard.support.PostgresServer;
import dev.modelyard.support.ProductionProfileTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Outages on the production layout: the S3 process or PostgreSQL stopped under a running Modelyard. What needs
 * the missing part fails fast with 503 and says which part is out, health says DOWN for it, and everything works
 * again once it is back, without restarting Modelyard.
 */
@ProductionProfileTest
@Timeout(180)
class ProductionOutageTest {

    /** The bound for a request that needs an unreachable object store. */
    private static final Duration STORAGE_BOUND = Duration.ofSeconds(2);
    /** The pool's connection timeout (2 s, application-postgres.yml) plus the request itself. */
    private static final Duration DATABASE_BOUND = Duration.ofSeconds(5);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    ApiClient contributor;
    ApiClient reader;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
    }

    @Test
    void with_s3_stopped_storage_requests_fail_fast_with_503_browsing_and_search_work_and_it_recovers() {
        String name = ModelTestData.uniqueName("outage-s3");
        String team = ModelTestData.uniqueName("team");
        byte[] bytes = ("weights of " + name).getBytes(StandardCharsets.UTF_8);
        assertThat(contributor.register(name, ApiClient.form("custom_model", Map.of("model.bin", bytes),
                List.of("team=" + team))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String file = "/api/v1/models/" + name + "/versions/1/files/model.bin";

        ExternalS3Server s3 = ProductionProfileTest.SERVERS.storage();
        s3.pause();
        try {
            ResponseEntity<Map> download = timed(STORAGE_BOUND, () -> reader.get(file));
            assertUnavailable(download, "object storage is unavailable");
            ResponseEntity<Map> zip = timed(STORAGE_BOUND, () -> reader.get("/api/v1/models/" + name + "/versions/1/download"));
            assertUnavailable(zip, "object storage is unavailable");
            ResponseEntity<Map> register = timed(STORAGE_BOUND, () -> contributor.register(name,
                    ApiClient.form("custom_model", Map.of("other.bin", "new bytes".getBytes(StandardCharsets.UTF_8)), List.of())));
            assertUnavailable(register, "object storage is unavailable");

            // browsing and search need only the database
            List<Map<String, Object>> found = (List<Map<String, Object>>) reader.get("/api/v1/models", "q", "team=" + team)
                    .getBody().get("items");
            assertThat(found).extracting(m -> m.get("name")).containsExactly(name);
            assertThat(reader.get("/api/v1/models/" + name + "/versions/1").getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat((List<?>) reader.get("/api/v1/models/" + name + "/versions/1/files", List.class,
                    new org.springframework.http.HttpHeaders()).getBody()).hasSize(1);

            ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(component(health, "storage")).isEqualTo("DOWN");
            assertThat(component(health, "db")).isEqualTo("UP");
        } finally {
            s3.resume();
        }

        ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);
        assertThat(health.getStatusCode()).as("health %s", health.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(component(health, "storage")).isEqualTo("UP");
        ResponseEntity<byte[]> again = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD).getForEntity(file, byte[].class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).isEqualTo(bytes);
        assertThat(contributor.register(name, ApiClient.form("custom_model",
                Map.of("model.bin", "after the outage".getBytes(StandardCharsets.UTF_8)), List.of())).getBody())
                .containsEntry("version", 2);
    }

    @Test
    void with_postgresql_stopped_requests_fail_fast_with_503_health_says_db_down_and_it_recovers() {
        String name = ModelTestData.uniqueName("outage-db");
        assertThat(contributor.register(name, ApiClient.form("custom_model",
                Map.of("model.bin", name.getBytes(StandardCharsets.UTF_8)), List.of())).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        PostgresServer pg = ProductionProfileTest.SERVERS.database();
        pg.pause();
        try {
            ResponseEntity<Map> list = timed(DATABASE_BOUND, () -> reader.get("/api/v1/models"));
            assertUnavailable(list, "the database is unavailable");
            ResponseEntity<Map> register = timed(DATABASE_BOUND, () -> contributor.register(name,
                    ApiClient.form("custom_model", Map.of("model.bin", "during".getBytes(StandardCharsets.UTF_8)), List.of())));
            assertUnavailable(register, "the database is unavailable");

            ResponseEntity<Map> health = timed(DATABASE_BOUND, () -> rest.getForEntity("/actuator/health", Map.class));
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(component(health, "db")).isEqualTo("DOWN");
        } finally {
            pg.resume();
        }

        // the pool retries connecting with a back-off of up to 5 s, so recovery takes a few seconds
        awaitHealthy(Duration.ofSeconds(20));
        ResponseEntity<Map> model = reader.get("/api/v1/models/" + name);
        assertThat(model.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(contributor.register(name, ApiClient.form("custom_model",
                Map.of("model.bin", "after".getBytes(StandardCharsets.UTF_8)), List.of())).getBody())
                .containsEntry("version", 2);
    }

    /** Asks /actuator/health until it says UP; each DOWN answer already took up to the pool's 2 s timeout. */
    private void awaitHealthy(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);
        while (health.getStatusCode() != HttpStatus.OK && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            health = rest.getForEntity("/actuator/health", Map.class);
        }
        assertThat(health.getStatusCode()).as("health after %s: %s", limit, health.getBody()).isEqualTo(HttpStatus.OK);
    }

    private static void assertUnavailable(ResponseEntity<Map> response, String message) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) response.getBody().get("detail")).contains(message);
    }

    private static String component(ResponseEntity<Map> health, String name) {
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.getBody().get("components");
        return (String) components.get(name).get("status");
    }

    /** The issue bounds how long these requests may take: a stalled request is the failure under test. */
    private static <T> T timed(Duration bound, Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within %s", bound).isLessThan(bound);
        return result;
    }
}
