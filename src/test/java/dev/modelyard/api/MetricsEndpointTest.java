package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** /actuator/prometheus: Modelyard's own meters, for signed-in users only. */
@IntegrationTest
class MetricsEndpointTest {

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
    void anonymous_callers_get_401_and_no_metrics() {
        ResponseEntity<String> anonymous = rest.getForEntity("/actuator/prometheus", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(anonymous.getBody()).doesNotContain("modelyard_");
    }

    @Test
    void one_registration_a_download_and_a_search_show_in_the_counters_and_timers() {
        String before = scrape();
        String name = ModelTestData.uniqueName("metrics");
        byte[] bytes = ("weights of " + name).getBytes(StandardCharsets.UTF_8);
        assertThat(contributor.register(name, ApiClient.form("custom_model", Map.of("model.bin", bytes), List.of()))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(contributor.send(HttpMethod.PUT, "/api/v1/models/" + name + "/versions/1",
                ApiClient.form("custom_model", Map.of("model.bin", bytes), List.of()), MediaType.MULTIPART_FORM_DATA)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD).getForEntity(
                "/api/v1/models/" + name + "/versions/1/files/model.bin", byte[].class).getBody()).isEqualTo(bytes);
        assertThat(reader.get("/api/v1/models", "q", name).getStatusCode()).isEqualTo(HttpStatus.OK);

        String after = scrape();
        String created = "modelyard_registrations_total{outcome=\"created\",type=\"custom_model\"}";
        assertThat(value(after, created) - value(before, created)).as("%s", ours(after)).isEqualTo(1.0);
        String rejected = "modelyard_registrations_total{outcome=\"rejected\",type=\"custom_model\"}";
        assertThat(value(after, rejected) - value(before, rejected)).isEqualTo(1.0);
        assertThat(value(after, "modelyard_artifacts_in_bytes_total") - value(before, "modelyard_artifacts_in_bytes_total"))
                .isEqualTo(bytes.length);
        assertThat(value(after, "modelyard_artifacts_out_bytes_total") - value(before, "modelyard_artifacts_out_bytes_total"))
                .isGreaterThanOrEqualTo(bytes.length);
        String searches = "modelyard_search_seconds_count{kind=\"models\"}";
        assertThat(value(after, searches) - value(before, searches)).isGreaterThanOrEqualTo(1.0);
        assertThat(after).containsPattern("(?m)^modelyard_jobs_queued\\{compute=\"local\"\\} \\d")
                .containsPattern("(?m)^modelyard_jobs_running\\{compute=\"local\"\\} \\d");
    }

    private String scrape() {
        ResponseEntity<String> response = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/plain");
        return response.getBody();
    }

    private static String ours(String exposition) {
        return String.join("\n", exposition.lines().filter(l -> l.startsWith("modelyard_")).toList());
    }

    /** A sample's value, 0 when the series does not exist yet. */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
