package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.security.UserService;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Environments under a workspace (api-v1.md): creation from a spec, its problems, and the build's read-outs. */
@IntegrationTest
@Timeout(300)
class EnvironmentApiTest {

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

    private ResponseEntity<Map> create(Map<String, Object> body) {
        return contributor.send(HttpMethod.POST, "/api/v1/workspaces/default/environments", body,
                MediaType.APPLICATION_JSON);
    }

    @Test
    void a_spec_is_created_with_its_build_status_and_read_back_under_the_workspace() {
        ResponseEntity<Map> created = create(Map.of("name", "api-env", "description", "from the API",
                "requirements", "# nothing to install\n", "variables", Map.of("STAGE", "test")));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).asString().endsWith("/environments/api-env:1");
        assertThat(created.getBody()).containsEntry("name", "api-env").containsEntry("version", 1);
        assertThat(created.getBody().get("status")).isIn("Building", "Ready");
        Map<?, ?> one = reader.get("/api/v1/workspaces/default/environments/api-env@latest").getBody();
        assertThat(one.get("definition")).asString().contains("STAGE");
        assertThat(reader.list("/api/v1/environments/api-env:1/jobs").getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> log = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/environments/api-env:1/log", String.class);
        assertThat(log.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(log.getHeaders().getFirst("X-Next-Offset")).isNotNull();

        ResponseEntity<Map> again = create(Map.of("name", "api-env", "requirements", "",
                "variables", Map.of("STAGE", "test")));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("detail")).asString().contains("api-env:1 already has exactly this spec");
    }

    @Test
    void a_hostile_line_is_a_problem_naming_it_and_a_reader_may_not_create() {
        ResponseEntity<Map> hostile = create(Map.of("name", "api-hostile",
                "requirements", "pandas\n-e /etc\n"));

        assertThat(hostile.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(hostile.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(hostile.getBody().get("detail")).asString().contains("line 2").contains("-e /etc")
                .doesNotContain("/work/").doesNotContain("Exception");
        assertThat(reader.get("/api/v1/environments/api-hostile@latest").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<Map> byReader = reader.send(HttpMethod.POST, "/api/v1/environments",
                Map.of("name", "api-reader", "requirements", ""), MediaType.APPLICATION_JSON);
        assertThat(byReader.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void the_disk_used_by_builds_is_reported_with_its_cap() {
        Map<?, ?> disk = reader.get("/api/v1/environment-builds/disk").getBody();
        assertThat(((Number) disk.get("capBytes")).longValue()).isEqualTo(20L * 1024 * 1024 * 1024);
        assertThat(((Number) disk.get("usedBytes")).longValue()).isNotNegative();
    }
}
