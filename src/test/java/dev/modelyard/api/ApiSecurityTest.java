package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Every route: anonymous callers get 401, readers who write get 403, the health endpoint stays open. */
@IntegrationTest
class ApiSecurityTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    record Route(HttpMethod method, String path, boolean writes) {
    }

    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.POST, "/api/v1/models/{m}/versions", true),
            new Route(HttpMethod.PUT, "/api/v1/models/{m}/versions/3", true),
            new Route(HttpMethod.GET, "/api/v1/models", false),
            new Route(HttpMethod.GET, "/api/v1/models/{m}", false),
            new Route(HttpMethod.PATCH, "/api/v1/models/{m}", true),
            new Route(HttpMethod.GET, "/api/v1/models/{m}/versions", false),
            new Route(HttpMethod.GET, "/api/v1/models/{m}/versions/1", false),
            new Route(HttpMethod.PATCH, "/api/v1/models/{m}/versions/1", true),
            new Route(HttpMethod.POST, "/api/v1/models/{m}/versions/1/archive", true),
            new Route(HttpMethod.POST, "/api/v1/models/{m}/versions/1/restore", true),
            new Route(HttpMethod.POST, "/api/v1/models/{m}/archive", true),
            new Route(HttpMethod.POST, "/api/v1/models/{m}/restore", true),
            new Route(HttpMethod.GET, "/api/v1/models/{m}/versions/1/files", false),
            new Route(HttpMethod.GET, "/api/v1/models/{m}/versions/1/files/a.txt", false),
            new Route(HttpMethod.GET, "/api/v1/models/{m}/versions/1/download", false),
            new Route(HttpMethod.GET, "/v3/api-docs", false),
            new Route(HttpMethod.POST, "/api/v1/blobs/missing", false),
            new Route(HttpMethod.POST, "/api/v1/workspaces/default/blobs/missing", false),
            new Route(HttpMethod.POST, "/api/v1/jobs", false),
            new Route(HttpMethod.GET, "/api/v1/jobs", false),
            new Route(HttpMethod.GET, "/api/v1/jobs/j", false),
            new Route(HttpMethod.POST, "/api/v1/jobs/j/cancel", false),
            new Route(HttpMethod.GET, "/api/v1/jobs/j/logs", false),
            new Route(HttpMethod.GET, "/api/v1/jobs/j/outputs", false),
            new Route(HttpMethod.GET, "/api/v1/jobs/j/outputs/outputs/a.txt", false),
            new Route(HttpMethod.GET, "/api/v1/environments", false),
            new Route(HttpMethod.GET, "/api/v1/environments/python-3:1/check", false),
            new Route(HttpMethod.GET, "/api/v1/computes", false),
            new Route(HttpMethod.GET, "/api/v1/users", false),
            new Route(HttpMethod.POST, "/api/v1/users", false),
            new Route(HttpMethod.PATCH, "/api/v1/users/u", false),
            new Route(HttpMethod.GET, "/api/v1/audit", false),
            new Route(HttpMethod.GET, "/api/v1/workspaces/default/audit", false),
            new Route(HttpMethod.GET, "/api/v1/tokens", false),
            new Route(HttpMethod.POST, "/api/v1/tokens", false),
            new Route(HttpMethod.DELETE, "/api/v1/tokens/1", false));

    @Test
    void every_route_refuses_anonymous_callers_with_401() {
        ApiClient anonymous = new ApiClient(rest, null, null);
        for (Route route : ROUTES) {
            var response = anonymous.send(route.method(), route.path().replace("{m}", "m"), null, null);
            assertThat(response.getStatusCode()).as(route.toString()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst("WWW-Authenticate")).as(route.toString()).startsWith("Basic");
        }
    }

    @Test
    void a_wrong_password_is_401() {
        ApiClient wrong = new ApiClient(rest, "admin", "not-the-password");
        assertThat(wrong.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void a_reader_who_writes_gets_403_on_every_writing_route_and_nothing_changes() {
        TestUsers.ensureCreated(users);
        String name = ModelTestData.uniqueName("guarded");
        ApiClient contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        contributor.register(name, ApiClient.form("custom_model", Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)), List.of()));
        ApiClient reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);

        for (Route route : ROUTES.stream().filter(Route::writes).toList()) {
            String path = route.path().replace("{m}", name);
            Object body = route.method() == HttpMethod.PATCH ? Map.of("description", "x") : ApiClient.form("custom_model",
                    Map.of("b.txt", "b".getBytes(StandardCharsets.UTF_8)), List.of());
            MediaType type = route.method() == HttpMethod.PATCH ? MediaType.APPLICATION_JSON : MediaType.MULTIPART_FORM_DATA;
            var response = reader.send(route.method(), path, body, type);
            assertThat(response.getStatusCode()).as(route.toString()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        Map<String, Object> model = reader.get("/api/v1/models/" + name).getBody();
        assertThat(model).containsEntry("versionCount", 1).containsEntry("description", null);
    }

    @Test
    void the_health_endpoint_is_open_and_the_openapi_description_needs_sign_in() {
        assertThat(rest.getForEntity("/actuator/health", Map.class).getBody()).containsEntry("status", "UP");
        var docs = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
        TestUsers.ensureCreated(users);
        Map<String, Object> openapi = docs.get("/v3/api-docs").getBody();
        assertThat((Map<String, Object>) openapi.get("paths")).containsKeys("/api/v1/models", "/api/v1/models/{name}/versions");
    }
}
