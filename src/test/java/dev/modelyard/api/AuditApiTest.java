package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** GET /api/v1/audit and /api/v1/workspaces/{ws}/audit: admins read, nobody writes. */
@IntegrationTest
class AuditApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    ApiClient admin;
    ApiClient contributor;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        admin = new ApiClient(rest, "admin", TestUsers.ADMIN_PASSWORD);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_edit_through_the_api_is_listed_with_who_how_what_and_before_after_as_json() {
        String name = ModelTestData.uniqueName("api-audited");
        assertThat(contributor.register(name, ApiClient.form("custom_model", Map.of("a.txt", new byte[] {1}),
                List.of("team=fraud"))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        contributor.send(HttpMethod.PATCH, "/api/v1/models/" + name + "/versions/1",
                Map.of("tags", Map.of("team", "risk")), MediaType.APPLICATION_JSON);

        for (String path : List.of("/api/v1/audit", "/api/v1/workspaces/default/audit")) {
            ResponseEntity<Map> page = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD).getForEntity(
                    path + "?actor={a}&action={w}&size=10", Map.class, TestUsers.CONTRIBUTOR, "model.version.tags.changed");
            assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(page.getBody()).containsKeys("items", "hasNext");
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.getBody().get("items");
            Map<String, Object> entry = items.stream().filter(e -> e.get("target").equals("model:" + name + "/1"))
                    .findFirst().orElseThrow();
            assertThat(entry).containsEntry("actor", TestUsers.CONTRIBUTOR).containsEntry("via", "password")
                    .containsEntry("workspace", "default").containsEntry("action", "model.version.tags.changed")
                    .containsKey("at");
            assertThat(entry.get("before")).isEqualTo(Map.of("tags", Map.of("team", "fraud")));
            assertThat(entry.get("after")).isEqualTo(Map.of("tags", Map.of("team", "risk")));
        }
    }

    @Test
    void only_admins_read_it_and_bad_times_are_400() {
        assertThat(contributor.get("/api/v1/audit").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> badFrom = admin.get("/api/v1/audit", "from", "yesterday");
        assertThat(badFrom.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badFrom.getBody()).containsEntry("field", "from");
        assertThat(admin.get("/api/v1/audit", "to", "2026-13-40").getBody()).containsEntry("field", "to");
        assertThat(admin.get("/api/v1/audit?from=2026-11-30&to=2026-11-29").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(admin.get("/api/v1/audit?from=2026-11-29&to=2026-11-30T10:00:00Z").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin.get("/api/v1/audit", "scope", "everything").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(admin.get("/api/v1/audit", "scope", "global").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void no_route_can_change_or_delete_an_audit_entry() {
        var auditRoutes = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.contains("audit")))
                .toList();
        assertThat(auditRoutes).isNotEmpty();
        assertThat(auditRoutes).allSatisfy(e ->
                assertThat(e.getKey().getMethodsCondition().getMethods()).containsExactly(RequestMethod.GET));
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            assertThat(admin.send(method, "/api/v1/audit", Map.of(), MediaType.APPLICATION_JSON).getStatusCode())
                    .as(method.name()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        }
    }
}
