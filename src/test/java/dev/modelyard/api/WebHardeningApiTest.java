package dev.modelyard.api;

import static dev.modelyard.api.LimitsApiTest.CONTRIBUTOR_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.security.UserService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Web hardening through the real port: cross-origin writes and login CSRF refused, SameSite session cookie,
 * case-insensitive user names, RFC 5987 file names, and every stored file name downloadable one by one.
 */
@IntegrationTest
@Timeout(120)
class WebHardeningApiTest {

    static final String ADMIN_AUTH = LimitsApiTest.basic("admin", TestUsers.ADMIN_PASSWORD);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> patchDescription(String model, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/models/" + model))
                .header("Authorization", ADMIN_AUTH).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\": \"changed\"}"));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String registered(Map<String, byte[]> files) throws Exception {
        String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
        LimitsApiTest.Multipart form = new LimitsApiTest.Multipart().field("type", "custom_model");
        files.forEach((path, bytes) -> form.file("files", path, bytes));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/v1/models/" + name + "/versions"))
                .header("Authorization", CONTRIBUTOR_AUTH).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    @Test
    void a_state_changing_request_from_a_foreign_or_null_origin_is_403_and_changes_nothing() throws Exception {
        String name = registered(Map.of("a.txt", "a".getBytes()));
        for (String foreign : List.of("http://evil.example", "null", "http://localhost:" + (port + 1),
                "https://localhost:" + port)) {
            HttpResponse<String> refused = patchDescription(name, foreign);
            assertThat(refused.statusCode()).as(foreign).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(refused.body()).get("detail").asText()).contains("cross-origin");
        }
        assertThat(json.readTree(http.send(HttpRequest.newBuilder(uri("/api/v1/models/" + name))
                .header("Authorization", ADMIN_AUTH).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("description").isNull()).isTrue();
        assertThat(patchDescription(name, "http://localhost:" + port).statusCode()).isEqualTo(200);
        assertThat(patchDescription(name, null).statusCode()).isEqualTo(200);
        // reads are not refused: they change nothing
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri("/api/v1/models/" + name))
                .header("Authorization", ADMIN_AUTH).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    HttpResponse<String> login(String user, String password, String origin) throws Exception {
        String form = "username=" + user + "&password=" + password;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_cross_origin_login_post_is_refused_and_a_same_origin_one_sets_a_same_site_cookie() throws Exception {
        HttpResponse<String> foreign = login("admin", TestUsers.ADMIN_PASSWORD, "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        assertThat(login("admin", TestUsers.ADMIN_PASSWORD, "null").statusCode()).isEqualTo(403);

        HttpResponse<String> own = login("admin", TestUsers.ADMIN_PASSWORD, "http://localhost:" + port);
        assertThat(own.statusCode()).isEqualTo(302);
        assertThat(own.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(own.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("SameSite=Lax").contains("HttpOnly"));
    }

    @Test
    void user_names_are_unique_and_signed_in_regardless_of_case() throws Exception {
        String name = "Dora" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", ADMIN_AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + name
                        + "\", \"password\": \"dora-password-1\", \"role\": \"READER\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> twin = http.send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", ADMIN_AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + name.toUpperCase()
                        + "\", \"password\": \"other-password-1\", \"role\": \"ADMIN\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(twin.statusCode()).as(twin.body()).isEqualTo(409);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri("/api/v1/models"))
                .header("Authorization", LimitsApiTest.basic(name.toLowerCase(), "dora-password-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(200);
    }

    @Test
    void every_stored_file_name_downloads_one_by_one_with_an_rfc_5987_name() throws Exception {
        Map<String, byte[]> files = LimitsApiTest.hostileNames();
        String name = registered(files);
        for (var file : files.entrySet()) {
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(uri("/api/v1/models/" + name
                            + "/versions/1/files/" + LimitsApiTest.encodePath(file.getKey())))
                    .header("Authorization", CONTRIBUTOR_AUTH).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(download.body()).as(file.getKey()).isEqualTo(file.getValue());
            String baseName = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
            assertThat(download.headers().firstValue("Content-Disposition")).as(file.getKey())
                    .hasValue("attachment; filename=\"" + Attachments.asciiFallback(baseName) + "\"; filename*=UTF-8''"
                            + Attachments.encode(baseName));
        }
    }

    @Test
    void rfc_5987_encoding_keeps_every_byte_of_the_name() {
        assertThat(Attachments.encode("模型 a;b%.bin")).isEqualTo("%E6%A8%A1%E5%9E%8B%20a%3Bb%25.bin");
        assertThat(Attachments.asciiFallback("模型 \"a\\b\".bin")).isEqualTo("__ _a_b_.bin");
        assertThat(new String("naïve".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .isNotEqualTo(Attachments.asciiFallback("naïve"));
    }
}
