package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.multipart.MultipartResolver;

/** Registration uploads are read part by part from the socket; everything else keeps Spring's multipart handling. */
@IntegrationTest
class ModelUploadStreamingTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    MultipartResolver multipartResolver;

    ApiClient contributor;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
    }

    @Test
    void only_registration_uploads_bypass_the_containers_multipart_parsing() {
        assertThat(multipartResolver.isMultipart(multipart("POST", "/api/v1/models/m/versions"))).isFalse();
        assertThat(multipartResolver.isMultipart(multipart("PUT", "/api/v1/models/m/versions/3"))).isFalse();
        assertThat(multipartResolver.isMultipart(multipart("POST", "/api/v1/jobs"))).isTrue();
        assertThat(multipartResolver.isMultipart(multipart("POST", "/api/v1/models/m/versions/3/archive"))).isTrue();
        assertThat(multipartResolver.isMultipart(multipart("POST", "/VAADIN/dynamic/resource/upload"))).isTrue();
    }

    @Test
    void fields_may_follow_the_files_and_repeat() {
        String name = ModelTestData.uniqueName("streamed");
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("files", ApiClient.file("weights/model.bin", "weights".getBytes(StandardCharsets.UTF_8)));
        form.add("tags", "team=risk");
        form.add("files", ApiClient.file("README.md", "# model".getBytes(StandardCharsets.UTF_8)));
        form.add("tags", "auc=0.91");
        form.add("description", "after the files");
        form.add("type", "custom_model");

        ResponseEntity<Map> created = contributor.register(name, form);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("description", "after the files")
                .containsEntry("tags", Map.of("team", "risk", "auc", "0.91"));
        assertThat((Map<String, Object>) created.getBody().get("files")).containsEntry("count", 2);
    }

    @Test
    void a_missing_type_or_an_oversized_field_is_400_and_registers_nothing() {
        String name = ModelTestData.uniqueName("streamed-bad");
        var noType = new LinkedMultiValueMap<String, Object>();
        noType.add("files", ApiClient.file("a.txt", "a".getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<Map> missing = contributor.register(name, noType);

        var huge = ApiClient.form("custom_model", Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)), List.of());
        huge.add("description", "x".repeat(StreamedMultipart.MAX_FIELD_BYTES + 1));
        ResponseEntity<Map> oversized = contributor.register(name, huge);

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody()).containsEntry("field", "type");
        assertThat(oversized.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(oversized.getBody()).containsEntry("field", "description");
        assertThat(contributor.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static MockHttpServletRequest multipart(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setContentType("multipart/form-data; boundary=x");
        return request;
    }
}
