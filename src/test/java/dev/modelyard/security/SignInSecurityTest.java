package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.audit.AuditFilter;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.audit.AuditService;
import dev.modelyard.models.ModelTestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;

/** Sign-in through the real port: HTTP Basic and the login form's POST, audited and throttled. */
@IntegrationTest
class SignInSecurityTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    AuditService audit;
    @Autowired
    SignInThrottle throttle;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Every failure here also counts against 127.0.0.1; leave no paused address behind for other tests. */
    @AfterEach
    void forgetFailures() {
        throttle.clear();
    }

    private String newUser(String prefix) {
        String name = ModelTestData.uniqueName(prefix);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> users.create(name, TestUsers.PASSWORD, AppRole.READER));
        return name;
    }

    private HttpResponse<String> basic(String user, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/models"))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * HTTP Basic from another client address: a socket bound to another loopback address (all of 127/8 is this
     * host), since the HTTP client always connects from 127.0.0.1. Returns the status code.
     */
    private int basicFrom(String sourceAddress, String user, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.getOutputStream().write(("GET /api/v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                    + credentials + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** The login form's POST, as the browser sends it: session cookie and CSRF token from the login page. */
    private HttpResponse<String> formLogin(String user, String password) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher csrf = CSRF.matcher(page.body());
        String token = csrf.find() ? csrf.group(1) : "";
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<AuditRecord> signIns(String user) {
        AtomicReference<List<AuditRecord>> out = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> out.set(audit.searchGlobal(
                AuditFilter.ALL.withActor(user).withAction("auth.signin"), PageRequest.of(0, 100)).getContent()));
        return out.get();
    }

    @Test
    void a_form_sign_in_is_audited_with_the_client_address_and_basic_requests_are_not() throws Exception {
        String user = newUser("former");
        assertThat(basic(user, TestUsers.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(signIns(user)).isEmpty();

        HttpResponse<String> signedIn = formLogin(user, TestUsers.PASSWORD);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        assertThat(signIns(user)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("auth.signin.succeeded");
            assertThat(e.target()).isEqualTo("user:" + user);
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.workspace()).isNull();
        });
    }

    @Test
    void failed_sign_ins_by_form_and_basic_are_audited_with_the_name_typed() throws Exception {
        String user = newUser("failer");
        assertThat(basic(user, "not-the-password").statusCode()).isEqualTo(401);
        HttpResponse<String> form = formLogin(user, "still-not-it");
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(form.headers().firstValue("Location").orElseThrow()).contains("/login?error");
        String nobody = ModelTestData.uniqueName("nobody");
        basic(nobody, "whatever");

        assertThat(signIns(user)).hasSize(2).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("auth.signin.failed");
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.after()).contains("BadCredentials");
        });
        assertThat(signIns(nobody)).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("auth.signin.failed"));
    }

    @Test
    void five_failures_pause_the_user_even_with_the_right_password_and_say_when_to_retry() throws Exception {
        String user = newUser("guesser");
        for (int i = 0; i < 5; i++) {
            assertThat(basic(user, "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = basic(user, TestUsers.PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 31L);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).contains("too many failed sign-ins");
        assertThat(Instant.parse(problem.get("retryAt").asText())).isAfter(Instant.now());
        // the login form is refused too, with the right password, and says so on the login page
        HttpResponse<String> form = formLogin(user, TestUsers.PASSWORD);
        assertThat(form.headers().firstValue("Location").orElseThrow()).contains("/login?error");
        // a different user from the same address is not paused (the address limit is higher)
        String other = newUser("bystander");
        assertThat(basic(other, TestUsers.PASSWORD).statusCode()).isEqualTo(200);

        List<AuditRecord> entries = signIns(user);
        assertThat(entries).extracting(AuditRecord::action).containsExactly("auth.signin.throttled",
                "auth.signin.failed", "auth.signin.failed", "auth.signin.failed", "auth.signin.failed",
                "auth.signin.failed");
        assertThat(entries.get(0).after()).contains("\"pausedBy\":\"user\"", "retryAt");
    }

    @Test
    void an_address_that_sprays_many_user_names_is_paused_for_every_user_but_other_addresses_are_not() throws Exception {
        String victim = newUser("sprayed");
        for (int i = 0; i < 30; i++) {
            assertThat(basicFrom("127.0.0.2", ModelTestData.uniqueName("spray"), "password-" + i)).isEqualTo(401);
        }

        assertThat(basicFrom("127.0.0.2", victim, TestUsers.PASSWORD)).isEqualTo(429);
        assertThat(basicFrom("127.0.0.1", victim, TestUsers.PASSWORD)).isEqualTo(200);
        assertThat(signIns(victim)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("auth.signin.throttled");
            assertThat(e.clientAddress()).isEqualTo("127.0.0.2");
            assertThat(e.after()).contains("\"pausedBy\":\"address\"");
        });
    }

    @Test
    void a_successful_sign_in_resets_the_users_count() throws Exception {
        String user = newUser("forgetful");
        for (int i = 0; i < 4; i++) {
            basic(user, "guess-" + i);
        }
        assertThat(basic(user, TestUsers.PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            basic(user, "guess-" + i);
        }
        assertThat(basic(user, TestUsers.PASSWORD).statusCode()).isEqualTo(200);
    }
}
