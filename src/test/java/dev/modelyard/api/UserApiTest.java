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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@IntegrationTest
class UserApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    ApiClient admin;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        admin = new ApiClient(rest, "admin", TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void an_admin_creates_a_user_who_can_sign_in_with_the_granted_role_only() {
        String name = ModelTestData.uniqueName("dana");
        ResponseEntity<Map> created = admin.send(HttpMethod.POST, "/api/v1/users",
                Map.of("username", name, "password", "s3cret-enough", "role", "READER"), MediaType.APPLICATION_JSON);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("role", "READER").doesNotContainKeys("password", "passwordHash");

        ApiClient dana = new ApiClient(rest, name, "s3cret-enough");
        assertThat(dana.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dana.get("/api/v1/users").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(dana.send(HttpMethod.POST, "/api/v1/users", Map.of("username", "x" + name, "password", "whatever-1",
                "role", "ADMIN"), MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void disabling_a_user_or_changing_the_password_takes_effect_at_once() {
        String name = ModelTestData.uniqueName("erin");
        admin.send(HttpMethod.POST, "/api/v1/users", Map.of("username", name, "password", "first-password",
                "role", "CONTRIBUTOR"), MediaType.APPLICATION_JSON);
        ApiClient erin = new ApiClient(rest, name, "first-password");
        assertThat(erin.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        admin.send(HttpMethod.PATCH, "/api/v1/users/" + name, Map.of("password", "second-password"),
                MediaType.APPLICATION_JSON);
        assertThat(erin.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ApiClient erinAgain = new ApiClient(rest, name, "second-password");
        assertThat(erinAgain.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.OK);

        admin.send(HttpMethod.PATCH, "/api/v1/users/" + name, Map.of("enabled", false), MediaType.APPLICATION_JSON);
        assertThat(erinAgain.get("/api/v1/models").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void bad_users_are_refused_with_the_field_named() {
        ResponseEntity<Map> weak = admin.send(HttpMethod.POST, "/api/v1/users",
                Map.of("username", ModelTestData.uniqueName("f"), "password", "short", "role", "READER"), MediaType.APPLICATION_JSON);
        assertThat(weak.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(weak.getBody()).containsEntry("field", "password");

        ResponseEntity<Map> badName = admin.send(HttpMethod.POST, "/api/v1/users",
                Map.of("username", "../root", "password", "long-enough-1", "role", "READER"), MediaType.APPLICATION_JSON);
        assertThat(badName.getBody()).containsEntry("field", "username");

        ResponseEntity<Map> taken = admin.send(HttpMethod.POST, "/api/v1/users",
                Map.of("username", "admin", "password", "long-enough-1", "role", "READER"), MediaType.APPLICATION_JSON);
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        List<Map<String, Object>> all = admin.get("/api/v1/users", List.class, new HttpHeaders()).getBody();
        assertThat(all).extracting(u -> u.get("username")).contains("admin");
        assertThat(admin.send(HttpMethod.PATCH, "/api/v1/users/nobody-here", Map.of("enabled", false),
                MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
