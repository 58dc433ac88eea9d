package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.security.UserService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every limit answered as a 4xx problem, never a 500, through the real port: paging bounds, control characters in
 * multipart file names, the number of parts of a job submission, the version counter's range.
 */
@IntegrationTest
@Timeout(180)
class LimitsApiTest {

    static final String CONTRIBUTOR_AUTH = basic(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", CONTRIBUTOR_AUTH).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, Multipart body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", CONTRIBUTOR_AUTH).header("Content-Type", body.contentType())
                .timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void assertProblem(HttpResponse<String> response, int status, String detailContains) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("detail").asText()).contains(detailContains);
    }

    String registerOne(String name) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/models/" + name + "/versions",
                new Multipart().field("type", "custom_model").file("files", "a.txt", "a".getBytes()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    @Test
    void paging_past_the_int_range_or_the_size_cap_is_a_400_on_every_list() throws Exception {
        String name = registerOne("limits-paging-" + UUID.randomUUID().toString().substring(0, 8));
        for (String list : List.of("/api/v1/models", "/api/v1/models/" + name + "/versions", "/api/v1/jobs")) {
            String sep = "?";
            assertProblem(get(list + sep + "page=2147483647&size=1000"), 400, "page");
            assertProblem(get(list + sep + "page=3000000&size=1000"), 400, "page × size");
            assertProblem(get(list + sep + "page=0&size=1001"), 400, "size");
            assertProblem(get(list + sep + "page=-1"), 400, "page");
            assertProblem(get(list + sep + "page=99999999999"), 400, "page");
            assertThat(get(list + sep + "page=2147483&size=1000").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nul_and_control_characters_in_a_file_name_are_400_for_registrations_and_jobs() throws Exception {
        for (String bad : List.of("a\u0000b.txt", "a\u0001b.txt", "line\nbreak.txt", "tab\t.txt")) {
            HttpResponse<String> registration = send("POST", "/api/v1/models/limits-nul/versions",
                    new Multipart().field("type", "custom_model").file("files", bad, "x".getBytes()));
            assertThat(registration.statusCode()).as(registration.body()).isEqualTo(400);
            assertThat(registration.body()).doesNotContain("unexpected");
            HttpResponse<String> job = send("POST", "/api/v1/jobs", jobSpec().file("files", bad, "x".getBytes()));
            assertThat(job.statusCode()).as(job.body()).isEqualTo(400);
        }
        assertThat(get("/api/v1/models/limits-nul").statusCode()).isEqualTo(404);
    }

    static Multipart jobSpec() {
        return new Multipart().json("spec", """
                {"command": "true", "environment": "python-3@latest", "compute": "local"}""");
    }

    @Test
    void a_job_with_500_code_files_submits_and_one_beyond_the_part_cap_is_413() throws Exception {
        Multipart fiveHundred = jobSpec();
        for (int i = 0; i < 500; i++) {
            fiveHundred.file("files", "src/module_" + i + ".py", ("x = " + i + "\n").getBytes());
        }
        HttpResponse<String> submitted = send("POST", "/api/v1/jobs", fiveHundred);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);

        Multipart tooMany = jobSpec();
        for (int i = 0; i < 10_100; i++) {
            tooMany.file("files", "f" + i + ".py", new byte[0]);
        }
        assertProblem(send("POST", "/api/v1/jobs", tooMany), 413, "10100");
    }

    @Test
    void the_version_counter_stops_at_the_largest_int_with_a_409_never_a_negative_number() throws Exception {
        String name = "limits-counter-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> top = send("PUT", "/api/v1/models/" + name + "/versions/2147483647",
                new Multipart().field("type", "custom_model").file("files", "a.txt", "a".getBytes()));
        assertThat(top.statusCode()).as(top.body()).isEqualTo(201);
        assertThat(json.readTree(top.body()).get("version").asLong()).isEqualTo(2147483647L);

        HttpResponse<String> next = send("POST", "/api/v1/models/" + name + "/versions",
                new Multipart().field("type", "custom_model").file("files", "b.txt", "b".getBytes()));
        assertProblem(next, 409, "every version number");
        // a free number below the top can still be chosen explicitly
        HttpResponse<String> below = send("PUT", "/api/v1/models/" + name + "/versions/2147483646",
                new Multipart().field("type", "custom_model").file("files", "c.txt", "c".getBytes()));
        assertThat(below.statusCode()).as(below.body()).isEqualTo(201);
        assertProblem(send("PUT", "/api/v1/models/" + name + "/versions/2147483648",
                new Multipart().field("type", "custom_model").file("files", "d.txt", "d".getBytes())), 400, "version");

        JsonNode versions = json.readTree(get("/api/v1/models/" + name + "/versions").body()).get("items");
        assertThat(versions).hasSize(2);
        versions.forEach(v -> assertThat(v.get("version").asLong()).isPositive());
    }

    /** A multipart body built byte by byte, so names can carry what a browser would never send. */
    static final class Multipart {
        private final String boundary = "limits-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart json(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"\r\nContent-Type: application/json\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart file(String name, String fileName, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        private void write(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    static Map<String, byte[]> hostileNames() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of("semi;colon.txt", "100%.txt", "%41.txt", "#hash.txt", "what?.txt", "with space.txt",
                "naïve.txt", "模型.bin", "dir;x/inner%20.txt", "quote'.txt", "plus+sign.txt", "amp&eq=.txt")) {
            files.put(name, ("content of " + name).getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }
}
