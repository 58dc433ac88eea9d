package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every REST route × every kind of caller → the status it must get, as one table. The routes are the OpenAPI
 * document's (the inventory test fails when a route exists that the table does not list). Callers: anonymous, a
 * reader, a contributor and an admin of the workspace, the platform admin, a member of another workspace only, a
 * READER-limited bearer token, a revoked and an expired token. Workspace routes are checked in both their forms,
 * {@code /api/v1/workspaces/matrix/...} and the {@code default} form without a workspace (the callers hold the same
 * roles in both).
 *
 * <p>"Allowed" is the status the route gives once authorised (a 201, or the 400/404/409 that only validation past
 * the role check can give), so a route that let a caller through without checking shows up here too.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    static final String WS = "matrix";
    static final String PASSWORD = "matrix-password-1";

    /** Who may call a route: anyone signed in, only with a password, the platform admin, or a role in the workspace. */
    enum Level { SIGNED_IN, PASSWORD_ONLY, PLATFORM, WS_READER, WS_CONTRIBUTOR, WS_ADMIN }

    enum Caller { ANONYMOUS, READER, CONTRIBUTOR, WS_ADMIN, PLATFORM_ADMIN, OTHER_WORKSPACE, READER_TOKEN, REVOKED_TOKEN, EXPIRED_TOKEN }

    /**
     * One route. {@code path} may hold {base} (the workspace prefix, or none for 'default'), {u} (a fresh suffix per
     * call, for routes that create), {job} (a completed job of the workspace); {@code template} is its OpenAPI path
     * after the prefix.
     */
    record Route(String method, String template, String path, Level level, int allowed, Body body, boolean perWorkspace) {
    }

    enum Body { NONE, MODEL_UPLOAD, JOB_UPLOAD_INVALID, JSON }

    /** An allowed status of "any success": a report that may or may not exist yet (200 or 204). */
    static final int ANY_2XX = 2;
    /** An allowed status of "anything but 401/403": removing what may not exist (204 or 404), once authorised. */
    static final int PAST_THE_ROLE_CHECK = 3;

    static final List<Route> ROUTES = List.of(
            ws("POST", "/models/{name}/versions", "{base}/models/m-{u}/versions", Level.WS_CONTRIBUTOR, 201, Body.MODEL_UPLOAD),
            ws("PUT", "/models/{name}/versions/{version}", "{base}/models/m-{u}/versions/7", Level.WS_CONTRIBUTOR, 201, Body.MODEL_UPLOAD),
            ws("GET", "/models", "{base}/models", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/models/{name}", "{base}/models/mm", Level.WS_READER, 200, Body.NONE),
            ws("PATCH", "/models/{name}", "{base}/models/mm", Level.WS_CONTRIBUTOR, 200, Body.JSON),
            ws("GET", "/models/{name}/versions", "{base}/models/mm/versions", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/models/{name}/versions/{version}", "{base}/models/mm/versions/1", Level.WS_READER, 200, Body.NONE),
            ws("PATCH", "/models/{name}/versions/{version}", "{base}/models/mm/versions/1", Level.WS_CONTRIBUTOR, 200, Body.JSON),
            ws("POST", "/models/{name}/versions/{version}/archive", "{base}/models/mm/versions/1/archive", Level.WS_CONTRIBUTOR, 200, Body.NONE),
            ws("POST", "/models/{name}/versions/{version}/restore", "{base}/models/mm/versions/1/restore", Level.WS_CONTRIBUTOR, 200, Body.NONE),
            ws("POST", "/models/{name}/archive", "{base}/models/mm/archive", Level.WS_ADMIN, 200, Body.NONE),
            ws("POST", "/models/{name}/restore", "{base}/models/mm/restore", Level.WS_ADMIN, 200, Body.NONE),
            ws("GET", "/models/{name}/versions/{version}/files", "{base}/models/mm/versions/1/files", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/models/{name}/versions/{version}/files/{path}", "{base}/models/mm/versions/1/files/a.txt", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/models/{name}/aliases", "{base}/models/mm/aliases", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/models/{name}/alias-history", "{base}/models/mm/alias-history", Level.WS_READER, 200, Body.NONE),
            ws("PUT", "/models/{name}/aliases/{alias}", "{base}/models/mm/aliases/champion", Level.WS_CONTRIBUTOR, 200, Body.JSON),
            ws("GET", "/models/{name}/aliases/{alias}", "{base}/models/mm/aliases/champion", Level.WS_READER, 200, Body.NONE),
            ws("DELETE", "/models/{name}/aliases/{alias}", "{base}/models/mm/aliases/a{u}", Level.WS_CONTRIBUTOR, PAST_THE_ROLE_CHECK, Body.NONE),
            ws("PUT", "/models/{name}/tags/{key}", "{base}/models/mm/tags/stage", Level.WS_CONTRIBUTOR, 200, Body.JSON),
            ws("DELETE", "/models/{name}/tags/{key}", "{base}/models/mm/tags/k{u}", Level.WS_CONTRIBUTOR, PAST_THE_ROLE_CHECK, Body.NONE),
            ws("GET", "/models/{name}/versions/{version}/download", "{base}/models/mm/versions/1/download", Level.WS_READER, 200, Body.NONE),
            ws("POST", "/jobs", "{base}/jobs", Level.WS_CONTRIBUTOR, 400, Body.JOB_UPLOAD_INVALID),
            ws("GET", "/jobs", "{base}/jobs", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/jobs/{name}", "{base}/jobs/{job}", Level.WS_READER, 200, Body.NONE),
            ws("POST", "/jobs/{name}/cancel", "{base}/jobs/{job}/cancel", Level.WS_CONTRIBUTOR, 409, Body.NONE),
            ws("GET", "/jobs/{name}/logs", "{base}/jobs/{job}/logs", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/jobs/{name}/outputs", "{base}/jobs/{job}/outputs", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/jobs/{name}/outputs/{path}", "{base}/jobs/{job}/outputs/outputs/a.txt", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/environments", "{base}/environments", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/environments/{reference}/check", "{base}/environments/python-3:1/check", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/computes", "{base}/computes", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/computes/{name}", "{base}/computes/local", Level.WS_READER, 200, Body.NONE),
            ws("POST", "/computes", "{base}/computes", Level.WS_ADMIN, 201, Body.JSON),
            ws("DELETE", "/computes/{name}", "{base}/computes/c-{u}", Level.WS_ADMIN, 404, Body.NONE),
            ws("POST", "/environments", "{base}/environments", Level.WS_CONTRIBUTOR, 201, Body.JSON),
            ws("GET", "/environments/{reference}", "{base}/environments/python-3:1", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/environments/{reference}/log", "{base}/environments/python-3:1/log", Level.WS_READER, 400, Body.NONE),
            ws("GET", "/environments/{reference}/packages", "{base}/environments/python-3:1/packages", Level.WS_READER, 400, Body.NONE),
            ws("GET", "/environments/{reference}/jobs", "{base}/environments/python-3:1/jobs", Level.WS_READER, 200, Body.NONE),
            ws("POST", "/environments/{reference}/rebuild", "{base}/environments/python-3:1/rebuild", Level.WS_CONTRIBUTOR, 400, Body.NONE),
            ws("DELETE", "/environments/{reference}/build", "{base}/environments/python-3:1/build", Level.WS_CONTRIBUTOR, 400, Body.NONE),
            ws("GET", "/environment-builds/disk", "{base}/environment-builds/disk", Level.WS_READER, 200, Body.NONE),
            ws("GET", "/jobs/{name}/environment", "{base}/jobs/{job}/environment", Level.WS_READER, 404, Body.NONE),
            ws("GET", "/audit", "{base}/audit", Level.WS_ADMIN, 200, Body.NONE),
            ws("POST", "/blobs/missing", "{base}/blobs/missing", Level.WS_CONTRIBUTOR, 200, Body.JSON),
            global("GET", "/api/v1/workspaces/{workspace}", "/api/v1/workspaces/" + WS, Level.WS_READER, 200, Body.NONE),
            global("GET", "/api/v1/workspaces/{workspace}/members", "/api/v1/workspaces/" + WS + "/members", Level.WS_READER, 200, Body.NONE),
            global("PUT", "/api/v1/workspaces/{workspace}/members/{user}", "/api/v1/workspaces/" + WS + "/members/mx-reader", Level.WS_ADMIN, 200, Body.JSON),
            global("DELETE", "/api/v1/workspaces/{workspace}/members/{user}", "/api/v1/workspaces/" + WS + "/members/nobody-{u}", Level.WS_ADMIN, 404, Body.NONE),
            global("GET", "/api/v1/workspaces", "/api/v1/workspaces", Level.SIGNED_IN, 200, Body.NONE),
            global("POST", "/api/v1/workspaces", "/api/v1/workspaces", Level.PLATFORM, 201, Body.JSON),
            global("GET", "/api/v1/users", "/api/v1/users", Level.PLATFORM, 200, Body.NONE),
            global("POST", "/api/v1/users", "/api/v1/users", Level.PLATFORM, 201, Body.JSON),
            global("PATCH", "/api/v1/users/{username}", "/api/v1/users/mx-reader", Level.PLATFORM, 200, Body.JSON),
            global("GET", "/api/v1/tokens", "/api/v1/tokens", Level.SIGNED_IN, 200, Body.NONE),
            global("POST", "/api/v1/tokens", "/api/v1/tokens", Level.PASSWORD_ONLY, 201, Body.JSON),
            global("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/999999999", Level.SIGNED_IN, 404, Body.NONE),
            global("GET", "/api/v1/admin/backups", "/api/v1/admin/backups", Level.PLATFORM, 200, Body.NONE),
            global("POST", "/api/v1/admin/backups", "/api/v1/admin/backups", Level.PLATFORM, 201, Body.NONE),
            global("GET", "/api/v1/admin/storage/gc", "/api/v1/admin/storage/gc", Level.PLATFORM, ANY_2XX, Body.NONE),
            global("POST", "/api/v1/admin/storage/gc", "/api/v1/admin/storage/gc?dryRun=true", Level.PLATFORM, 200, Body.NONE),
            global("POST", "/api/v1/admin/storage/scrub", "/api/v1/admin/storage/scrub", Level.PLATFORM, 200, Body.NONE),
            global("GET", "/v3/api-docs", "/v3/api-docs", Level.SIGNED_IN, 200, Body.NONE));

    static Route ws(String method, String template, String path, Level level, int allowed, Body body) {
        return new Route(method, template, path, level, allowed, body, true);
    }

    static Route global(String method, String template, String path, Level level, int allowed, Body body) {
        return new Route(method, template, path, level, allowed, body, false);
    }

    /** JSON bodies by route, where the route takes one; {u} is replaced. */
    static final Map<String, String> JSON = Map.ofEntries(Map.entry(
            "POST /computes", "{\"name\": \"c{u}\", \"kind\": \"local\", \"slots\": 1}"), Map.entry(
            "PATCH /models/{name}", "{\"description\": \"matrix\"}"), Map.entry(
            "PATCH /models/{name}/versions/{version}", "{\"description\": \"matrix\"}"), Map.entry(
            "PUT /models/{name}/aliases/{alias}", "{\"version\": 1}"), Map.entry(
            "PUT /models/{name}/tags/{key}", "{\"value\": \"matrix\"}"), Map.entry(
            "PUT /api/v1/workspaces/{workspace}/members/{user}", "{\"role\": \"READER\"}"), Map.entry(
            "POST /api/v1/workspaces", "{\"name\": \"w-{u}\"}"), Map.entry(
            "POST /api/v1/users", "{\"username\": \"u-{u}\", \"password\": \"" + PASSWORD + "\", \"role\": \"READER\"}"), Map.entry(
            "PATCH /api/v1/users/{username}", "{\"enabled\": true}"), Map.entry(
            "POST /api/v1/tokens", "{\"name\": \"t-{u}\", \"expiresInDays\": 1}"), Map.entry(
            "POST /blobs/missing", "{\"digests\": [\"sha256:" + "0".repeat(64) + "\"]}"), Map.entry(
            // every environment created by the matrix shares one build
            "POST /environments", "{\"name\": \"e-{u}\", \"requirements\": \"\", \"variables\": {\"U\": \"{u}\"}}"));

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final AtomicInteger unique = new AtomicInteger();
    final String run = Long.toString(System.nanoTime(), 36);
    final Map<Caller, String> authorization = new LinkedHashMap<>();
    final Map<String, String> jobs = new LinkedHashMap<>();

    @BeforeAll
    void callers_and_resources() throws Exception {
        TestUsers.ensureCreated(users);
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestUsers.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        send(admin, "POST", "/api/v1/workspaces", jsonBody("{\"name\": \"" + WS + "\"}"), "application/json");
        send(admin, "POST", "/api/v1/workspaces", jsonBody("{\"name\": \"" + WS + "-other\"}"), "application/json");
        Map<String, String> roles = Map.of("mx-reader", "READER", "mx-contributor", "CONTRIBUTOR", "mx-admin", "ADMIN",
                "mx-other", "READER");
        for (var user : roles.entrySet()) {
            send(admin, "POST", "/api/v1/users", jsonBody("{\"username\": \"" + user.getKey() + "\", \"password\": \""
                    + PASSWORD + "\", \"role\": \"READER\"}"), "application/json");
            String ws = user.getKey().equals("mx-other") ? WS + "-other" : WS;
            send(admin, "PUT", "/api/v1/workspaces/" + ws + "/members/" + user.getKey(),
                    jsonBody("{\"role\": \"" + user.getValue() + "\"}"), "application/json");
            if (!user.getKey().equals("mx-other")) {
                // the same role in 'default', so the paths without a workspace mean the same for them
                send(admin, "PUT", "/api/v1/workspaces/default/members/" + user.getKey(),
                        jsonBody("{\"role\": \"" + user.getValue() + "\"}"), "application/json");
            }
        }
        send(admin, "DELETE", "/api/v1/workspaces/default/members/mx-other", null, null);

        authorization.put(Caller.READER, basic("mx-reader"));
        authorization.put(Caller.CONTRIBUTOR, basic("mx-contributor"));
        authorization.put(Caller.WS_ADMIN, basic("mx-admin"));
        authorization.put(Caller.PLATFORM_ADMIN, admin);
        authorization.put(Caller.OTHER_WORKSPACE, basic("mx-other"));
        authorization.put(Caller.READER_TOKEN, "Bearer " + token("reader-token", "READER"));
        String revoked = token("revoked-token", null);
        String revokedId = tokenId("revoked-token");
        assertThat(send(basic("mx-contributor"), "DELETE", "/api/v1/tokens/" + revokedId, null, null).statusCode()).isEqualTo(204);
        authorization.put(Caller.REVOKED_TOKEN, "Bearer " + revoked);
        String expired = token("expired-token", null);
        jdbc.update("update access_token set expires_at = ? where id = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(1))), Long.parseLong(tokenId("expired-token")));
        authorization.put(Caller.EXPIRED_TOKEN, "Bearer " + expired);

        for (String base : List.of("/api/v1/workspaces/" + WS, "/api/v1")) {
            assertThat(send(authorization.get(Caller.PLATFORM_ADMIN), "POST", base + "/models/mm/versions",
                    modelUpload(), MULTIPART).statusCode()).isEqualTo(201);
            jobs.put(base, completedJob(base));
        }
    }

    @Test
    void every_route_answers_every_caller_as_the_table_says() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Route route : ROUTES) {
            List<String> bases = route.perWorkspace() ? List.of("/api/v1/workspaces/" + WS, "/api/v1") : List.of("");
            for (String base : bases) {
                for (Caller caller : Caller.values()) {
                    int expected = expected(route, caller);
                    String path = route.path().replace("{base}", base).replace("{job}", String.valueOf(jobs.get(base)))
                            .replace("{u}", run + unique.incrementAndGet());
                    int actual;
                    try {
                        actual = call(route, caller, path);
                    } catch (IOException broken) {
                        wrong.add(route.method() + " " + path + " as " + caller + ": the response broke off: " + broken);
                        continue;
                    }
                    boolean ok = actual == expected || (expected == ANY_2XX && actual / 100 == 2)
                            || (expected == PAST_THE_ROLE_CHECK && actual != 401 && actual != 403 && actual / 100 != 5);
                    if (!ok) {
                        wrong.add(route.method() + " " + path + " as " + caller + ": expected " + expected + ", got " + actual);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_table_lists_every_route_of_the_openapi_document() throws Exception {
        HttpResponse<String> docs = send(authorization.get(Caller.PLATFORM_ADMIN), "GET", "/v3/api-docs", null, null);
        JsonNode paths = json.readTree(docs.body()).get("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
        }
        documented.add("GET /v3/api-docs");
        Set<String> listed = new TreeSet<>();
        for (Route route : ROUTES) {
            if (route.perWorkspace()) {
                listed.add(route.method() + " /api/v1" + route.template());
                listed.add(route.method() + " /api/v1/workspaces/{workspace}" + route.template());
            } else {
                listed.add(route.method() + " " + route.template());
            }
        }
        Set<String> unlisted = new TreeSet<>(documented);
        unlisted.removeAll(listed);
        assertThat(unlisted).as("routes the authorization matrix does not list").isEmpty();
        Set<String> gone = new TreeSet<>(listed);
        gone.removeAll(documented);
        assertThat(gone).as("routes the matrix lists that no longer exist").isEmpty();
    }

    static int expected(Route route, Caller caller) {
        if (caller == Caller.ANONYMOUS || caller == Caller.REVOKED_TOKEN || caller == Caller.EXPIRED_TOKEN) {
            return 401;
        }
        boolean token = caller == Caller.READER_TOKEN;
        return switch (route.level()) {
            case SIGNED_IN -> route.allowed();
            case PASSWORD_ONLY -> token ? 403 : route.allowed();
            case PLATFORM -> caller == Caller.PLATFORM_ADMIN ? route.allowed() : 403;
            case WS_READER, WS_CONTRIBUTOR, WS_ADMIN -> {
                if (caller == Caller.OTHER_WORKSPACE) {
                    yield 404;
                }
                int has = switch (caller) {
                    case READER, READER_TOKEN -> 0;
                    case CONTRIBUTOR -> 1;
                    default -> 2;
                };
                int needs = route.level() == Level.WS_READER ? 0 : route.level() == Level.WS_CONTRIBUTOR ? 1 : 2;
                yield has >= needs ? route.allowed() : 403;
            }
        };
    }

    private int call(Route route, Caller caller, String path) throws Exception {
        String auth = authorization.get(caller);
        return switch (route.body()) {
            case NONE -> send(auth, route.method(), path, null, null).statusCode();
            case MODEL_UPLOAD -> send(auth, route.method(), path, modelUpload(), MULTIPART).statusCode();
            case JOB_UPLOAD_INVALID -> send(auth, route.method(), path, invalidJobUpload(), MULTIPART).statusCode();
            case JSON -> {
                String key = route.method() + " " + route.template();
                String body = JSON.get(key);
                assertThat(body).as("JSON body for " + key).isNotNull();
                yield send(auth, route.method(), path, jsonBody(body.replace("{u}", run + unique.incrementAndGet())),
                        "application/json").statusCode();
            }
        };
    }

    static final String BOUNDARY = "matrix-boundary";
    static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    static byte[] modelUpload() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nmatrix file\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] invalidJobUpload() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"spec\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"command\": \"\"}\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; "
                + "filename=\"train.py\"\r\nContent-Type: text/plain\r\n\r\nprint(1)\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String completedJob(String base) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"spec\"\r\nContent-Type: application/json"
                + "\r\n\r\n{\"command\": \"python3 train.py\", \"environment\": \"python-3@latest\"}\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"train.py\"\r\nContent-Type: text/plain\r\n\r\n"
                + "import os\nos.makedirs('outputs', exist_ok=True)\nopen('outputs/a.txt', 'w').write('x')\n\r\n--"
                + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String admin = authorization.get(Caller.PLATFORM_ADMIN);
        HttpResponse<String> submitted = send(admin, "POST", base + "/jobs", body.toByteArray(), MULTIPART);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String name = json.readTree(submitted.body()).get("name").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            String status = json.readTree(send(admin, "GET", base + "/jobs/" + name, null, null).body()).get("status").asText();
            if (status.equals("Completed")) {
                return name;
            }
            assertThat(status).isNotIn("Failed", "Canceled");
            Thread.sleep(200);
        }
        throw new AssertionError("job " + name + " did not complete");
    }

    private String token(String name, String role) throws Exception {
        String body = "{\"name\": \"" + name + "\", \"expiresInDays\": 1" + (role == null ? "" : ", \"role\": \"" + role + "\"") + "}";
        HttpResponse<String> created = send(basic("mx-contributor"), "POST", "/api/v1/tokens", jsonBody(body), "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("token").asText();
    }

    private String tokenId(String name) throws Exception {
        for (JsonNode t : json.readTree(send(basic("mx-contributor"), "GET", "/api/v1/tokens", null, null).body())) {
            if (t.get("name").asText().equals(name)) {
                return t.get("id").asText();
            }
        }
        throw new AssertionError("no token " + name);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] jsonBody(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String authorizationHeader, String method, String path, byte[] body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
