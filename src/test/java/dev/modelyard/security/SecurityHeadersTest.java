package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** Security headers on both filter chains, and stored files that can never render in Modelyard's origin. */
@IntegrationTest
class SecurityHeadersTest {


    @Autowired
    TestRestTemplate rest;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    private static void assertCommonHeaders(HttpHeaders headers) {
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void api_responses_carry_the_security_headers_signed_in_or_not() {
        ResponseEntity<String> signedIn = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD)
                .getForEntity("/api/v1/models", String.class);
        ResponseEntity<String> anonymous = rest.getForEntity("/api/v1/models", String.class);

        for (ResponseEntity<String> response : java.util.List.of(signedIn, anonymous)) {
            assertCommonHeaders(response.getHeaders());
            assertThat(response.getHeaders().getFirst("Content-Security-Policy")).isEqualTo(SecurityConfig.API_CSP)
                    .contains("frame-ancestors 'self'", "object-src 'none'");
        }
    }

    @Test
    void ui_responses_carry_the_security_headers() {
        ResponseEntity<String> login = rest.getForEntity("/login", String.class);

        assertCommonHeaders(login.getHeaders());
        assertThat(login.getHeaders().getFirst("Content-Security-Policy")).isEqualTo(SecurityConfig.UI_CSP)
                .contains("frame-ancestors 'self'");
        assertCommonHeaders(rest.getForEntity("/models", String.class).getHeaders());
    }

    @Test
    void stored_html_and_svg_download_from_the_api_as_sandboxed_attachments() {
        String name = SecurityHeadersTestData.registerHostileFiles(models, artifacts);
        var admin = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD);

        for (String path : java.util.List.of("evil.html", "img/evil.svg")) {
            ResponseEntity<String> file = admin.getForEntity("/api/v1/models/" + name + "/versions/1/files/" + path,
                    String.class);
            assertThat(file.getStatusCode().value()).isEqualTo(200);
            assertThat(file.getHeaders().getFirst("Content-Disposition")).startsWith("attachment;");
            assertThat(file.getHeaders().getContentType().toString()).isEqualTo("application/octet-stream");
            assertThat(file.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
            assertThat(file.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        ResponseEntity<byte[]> zip = admin.getForEntity("/api/v1/models/" + name + "/versions/1/download", byte[].class);
        assertThat(zip.getHeaders().getFirst("Content-Disposition")).startsWith("attachment;");
        assertThat(zip.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
    }
}
