package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * HTTP Basic with the verified-password cache: whatever was accepted a moment ago, a wrong password is refused,
 * and a password, role or enabled flag changed in the database takes effect on the very next request.
 */
@IntegrationTest
class HttpBasicPasswordCacheTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcTemplate jdbc;

    String user;

    @BeforeEach
    void createUser() {
        user = ModelTestData.uniqueName("basic");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> users.create(user, "first-password", AppRole.CONTRIBUTOR));
    }

    private HttpStatus list(String password) {
        return HttpStatus.valueOf(rest.withBasicAuth(user, password).getForEntity("/api/v1/models", String.class)
                .getStatusCode().value());
    }

    @Test
    void a_wrong_password_is_refused_right_after_the_right_one_was_accepted() {
        assertThat(list("first-password")).isEqualTo(HttpStatus.OK);
        assertThat(list("first-password")).isEqualTo(HttpStatus.OK);

        assertThat(list("first-passwore")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(list("")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(list("first-password")).isEqualTo(HttpStatus.OK);
    }

    @Test
    void a_changed_password_takes_effect_on_the_next_request() {
        assertThat(list("first-password")).isEqualTo(HttpStatus.OK);

        jdbc.update("update app_user set password_hash = ? where username = ?", passwords.encode("second-password"), user);

        assertThat(list("first-password")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(list("second-password")).isEqualTo(HttpStatus.OK);
    }

    @Test
    void a_disabled_user_or_a_lower_role_takes_effect_on_the_next_request() {
        // a CONTRIBUTOR gets past security to "no such job"; a READER is stopped before it
        assertThat(registerFromUnknownJob()).isEqualTo(HttpStatus.NOT_FOUND);

        // roles are per workspace: the user's membership of 'default' is what a REST call without a workspace uses
        jdbc.update("update workspace_member set role = 'READER' where workspace_id = 1 and user_id = "
                + "(select id from app_user where username = ?)", user);
        assertThat(registerFromUnknownJob()).isEqualTo(HttpStatus.FORBIDDEN);

        jdbc.update("update app_user set enabled = false where username = ?", user);
        assertThat(list("first-password")).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private HttpStatus registerFromUnknownJob() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = rest.withBasicAuth(user, "first-password").exchange("/api/v1/models/" + user + "/versions",
                HttpMethod.POST, new HttpEntity<>(Map.of("type", "custom_model", "source", "jobs:/no_such_job/model"),
                        headers), String.class);
        return HttpStatus.valueOf(response.getStatusCode().value());
    }
}
