package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Personal access tokens through the real REST port: create, use as Bearer, list, revoke, expiry, role caps. */
@IntegrationTest
class TokenApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;

    ApiClient contributor;
    ApiClient reader;
    ApiClient admin;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
        admin = new ApiClient(rest, "admin", TestUsers.ADMIN_PASSWORD);
    }

    private static ResponseEntity<Map> create(ApiClient as, Map<String, Object> body) {
        return as.send(HttpMethod.POST, "/api/v1/tokens", body, MediaType.APPLICATION_JSON);
    }

    /** Creates a token and returns the whole 201 body; fails unless it was created. */
    private static Map<String, Object> created(ApiClient as, String name, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        ResponseEntity<Map> response = create(as, body);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    private ResponseEntity<Map> registerWith(ApiClient as, String model) {
        return as.register(model, ApiClient.form("custom_model",
                Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)), List.of()));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private Number id(Map<String, Object> token) {
        return (Number) token.get("id");
    }

    @Test
    void a_pipeline_registers_with_its_token_and_after_revoking_the_same_call_is_401() {
        Map<String, Object> token = created(contributor, ModelTestData.uniqueName("ci"), "expiresInDays", 7);
        String secret = (String) token.get("token");
        assertThat(secret).startsWith("myd_").hasSize(47);
        assertThat(token).containsKeys("id", "name", "expiresAt", "workspace", "role", "createdAt");
        ApiClient pipeline = ApiClient.withToken(rest, secret);
        String model = ModelTestData.uniqueName("by-token");

        ResponseEntity<Map> registered = registerWith(pipeline, model);
        assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(contributor.get("/api/v1/models/" + model + "/versions/1").getBody())
                .containsEntry("createdBy", TestUsers.CONTRIBUTOR);

        ResponseEntity<Map> revoked = contributor.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(token), null, null);
        assertThat(revoked.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        ResponseEntity<Map> refused = registerWith(pipeline, model);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.getBody()).containsEntry("status", 401).containsKey("detail");
        assertThat(contributor.get("/api/v1/models/" + model).getBody()).containsEntry("versionCount", 1);
    }

    @Test
    void the_list_shows_last_use_and_status_but_never_the_secret() {
        String name = ModelTestData.uniqueName("listed");
        Map<String, Object> token = created(contributor, name);
        String secret = (String) token.get("token");
        assertThat(ApiClient.withToken(rest, secret).get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<List> list = contributor.list("/api/v1/tokens");
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> row = ((List<Map<String, Object>>) list.getBody()).stream()
                .filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow();
        assertThat(row).containsEntry("status", "active").containsEntry("role", "ADMIN").doesNotContainKey("token");
        assertThat(row.get("lastUsedAt")).isNotNull();
        assertThat((String) row.get("prefix")).isEqualTo(secret.substring(0, 8));
        assertThat(list.getBody().toString()).doesNotContain(secret.substring(8));
        assertThat(reader.list("/api/v1/tokens").getBody().toString()).doesNotContain(name);
    }

    @Test
    void the_database_holds_only_a_hash_of_the_secret() throws Exception {
        Map<String, Object> token = created(contributor, ModelTestData.uniqueName("hashed"));
        String secret = (String) token.get("token");

        Map<String, Object> row = jdbc.queryForMap("select * from access_token where id = ?", id(token).longValue());
        assertThat(row.get("SECRET_HASH")).isEqualTo(sha256(secret));
        assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(secret.substring(8)));
        assertThat(jdbc.queryForObject("select count(*) from access_token where secret_hash = ?", Integer.class, secret))
                .isZero();
    }

    @Test
    void an_expired_token_is_refused_on_its_next_request() {
        Map<String, Object> token = created(contributor, ModelTestData.uniqueName("short"), "expiresInDays", 1);
        ApiClient pipeline = ApiClient.withToken(rest, (String) token.get("token"));
        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        jdbc.update("update access_token set expires_at = ? where id = ?",
                Timestamp.from(Instant.now().minus(1, ChronoUnit.SECONDS)), id(token).longValue());

        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        Map<String, Object> row = ((List<Map<String, Object>>) contributor.list("/api/v1/tokens").getBody()).stream()
                .filter(t -> id(token).equals(t.get("id"))).findFirst().orElseThrow();
        assertThat(row).containsEntry("status", "expired");
    }

    @Test
    void an_admins_reader_token_can_read_but_not_write_or_administer() {
        ApiClient capped = ApiClient.withToken(rest, (String) created(admin, ModelTestData.uniqueName("ro"), "role", "reader")
                .get("token"));
        ApiClient full = ApiClient.withToken(rest, (String) created(admin, ModelTestData.uniqueName("rw")).get("token"));
        String model = ModelTestData.uniqueName("capped");

        assertThat(capped.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(registerWith(capped, model).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(capped.get("/api/v1/users").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin.get("/api/v1/models/" + model).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(full.list("/api/v1/users").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(registerWith(full, model).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void a_token_of_a_disabled_user_is_refused() {
        String name = ModelTestData.uniqueName("leaver");
        assertThat(admin.send(HttpMethod.POST, "/api/v1/users",
                Map.of("username", name, "password", TestUsers.PASSWORD, "role", "CONTRIBUTOR"),
                MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ApiClient pipeline = ApiClient.withToken(rest,
                (String) created(new ApiClient(rest, name, TestUsers.PASSWORD), "ci").get("token"));
        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        admin.send(HttpMethod.PATCH, "/api/v1/users/" + name, Map.of("enabled", false), MediaType.APPLICATION_JSON);

        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void someone_elses_token_is_404_and_a_platform_admin_may_revoke_any() {
        Map<String, Object> token = created(contributor, ModelTestData.uniqueName("mine"));
        ApiClient pipeline = ApiClient.withToken(rest, (String) token.get("token"));

        assertThat(reader.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(token), null, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(reader.send(HttpMethod.DELETE, "/api/v1/tokens/987654321", null, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(admin.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(token), null, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(pipeline.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void a_token_cannot_create_tokens_and_may_revoke_only_itself() {
        Map<String, Object> first = created(contributor, ModelTestData.uniqueName("first"));
        Map<String, Object> second = created(contributor, ModelTestData.uniqueName("second"));
        ApiClient viaFirst = ApiClient.withToken(rest, (String) first.get("token"));

        assertThat(create(viaFirst, Map.of("name", "child")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(viaFirst.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(second), null, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(ApiClient.withToken(rest, (String) second.get("token")).get("/api/v1/models").getStatusCode())
                .isEqualTo(HttpStatus.OK);

        assertThat(viaFirst.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(first), null, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(viaFirst.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void bad_input_is_400_with_the_field_and_creates_nothing() {
        int before = jdbc.queryForObject("select count(*) from access_token", Integer.class);
        assertThat(create(contributor, Map.of("name", " ")).getBody()).containsEntry("status", 400).containsEntry("field", "name");
        assertThat(create(contributor, Map.of("name", "x".repeat(101))).getBody()).containsEntry("field", "name");
        assertThat(create(contributor, Map.of("name", "a\nb")).getBody()).containsEntry("field", "name");
        assertThat(create(contributor, Map.of("name", "n", "expiresInDays", 0)).getBody()).containsEntry("field", "expiresInDays");
        assertThat(create(contributor, Map.of("name", "n", "expiresInDays", 366)).getBody())
                .containsEntry("field", "expiresInDays").containsEntry("detail", "a token expires in 1 to 365 days");
        assertThat(create(contributor, Map.of("name", "n", "role", "GOD")).getBody()).containsEntry("field", "role");
        assertThat(create(contributor, Map.of("name", "n", "workspace", "no-such-ws")).getBody())
                .containsEntry("status", 400).containsEntry("field", "workspace");
        assertThat(jdbc.queryForObject("select count(*) from access_token", Integer.class)).isEqualTo(before);
    }

    @Test
    void an_active_name_is_taken_until_that_token_is_revoked() {
        String name = ModelTestData.uniqueName("dup");
        Map<String, Object> token = created(contributor, name);
        assertThat(create(contributor, Map.of("name", name.toUpperCase())).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(created(reader, name)).containsEntry("name", name);

        contributor.send(HttpMethod.DELETE, "/api/v1/tokens/" + id(token), null, null);
        assertThat(created(contributor, name)).containsEntry("name", name);
    }

    @Test
    void a_workspace_scope_needs_membership_and_a_foreign_workspace_answers_as_unknown() {
        String ws = ModelTestData.uniqueName("tok-ws");
        jdbc.update("insert into workspace (name, name_key, display_name, created_by, created_at)"
                + " values (?, ?, ?, 'test', current_timestamp)", ws, ws.toLowerCase(), ws);
        long wsId = jdbc.queryForObject("select id from workspace where name = ?", Long.class, ws);
        jdbc.update("insert into workspace_member (workspace_id, user_id, role, created_at)"
                + " select ?, id, 'CONTRIBUTOR', current_timestamp from app_user where username = ?", wsId, TestUsers.CONTRIBUTOR);

        Map<String, Object> scoped = created(contributor, ModelTestData.uniqueName("scoped"), "workspace", ws.toUpperCase(),
                "role", "CONTRIBUTOR");
        assertThat(scoped).containsEntry("workspace", ws).containsEntry("role", "CONTRIBUTOR");

        Map<String, Object> foreign = create(reader, Map.of("name", "n", "workspace", ws)).getBody();
        Map<String, Object> missing = create(reader, Map.of("name", "n", "workspace", ws + "-missing")).getBody();
        assertThat(foreign).containsEntry("status", 400).containsEntry("field", "workspace");
        assertThat(foreign.get("detail")).isEqualTo(((String) missing.get("detail")).replace(ws + "-missing", ws));

        assertThat(created(admin, ModelTestData.uniqueName("admin-scoped"), "workspace", ws)).containsEntry("workspace", ws);
    }

    @Test
    void any_other_bearer_value_is_401_and_basic_still_works() {
        for (String bad : List.of("nonsense", "myd_" + "A".repeat(43), "myd_short", "")) {
            ResponseEntity<Map> response = ApiClient.withToken(rest, bad).get("/api/v1/models");
            assertThat(response.getStatusCode()).as(bad).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(contributor.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void last_use_is_written_at_most_once_a_minute() {
        Map<String, Object> token = created(contributor, ModelTestData.uniqueName("busy"));
        ApiClient pipeline = ApiClient.withToken(rest, (String) token.get("token"));
        pipeline.get("/api/v1/models");
        Object first = jdbc.queryForObject("select last_used_at from access_token where id = ?", Object.class,
                id(token).longValue());
        assertThat(first).isNotNull();

        pipeline.get("/api/v1/models");
        pipeline.get("/api/v1/models");

        assertThat(jdbc.queryForObject("select last_used_at from access_token where id = ?", Object.class,
                id(token).longValue())).isEqualTo(first);
    }

    @Test
    void the_openapi_document_describes_the_token_routes() {
        Map<String, Object> paths = (Map<String, Object>) contributor.get("/v3/api-docs").getBody().get("paths");
        assertThat(paths).containsKeys("/api/v1/tokens", "/api/v1/tokens/{id}");
        assertThat(AppRole.values()).hasSize(3);
    }
}
