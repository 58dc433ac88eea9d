package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Where the browser goes around sign-in, through the real port: back to the address it asked for, as it was (no
 * {@code ?continue} marker), and after sign-out to a login page that says the user signed out.
 */
@IntegrationTest
class SignInRedirectTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    SignInThrottle throttle;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst();
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher token = CSRF.matcher(page.body());
        return token.find() ? URLEncoder.encode(token.group(1), StandardCharsets.UTF_8) : "";
    }

    @Test
    void signing_in_returns_to_the_address_asked_for_without_a_marker_and_signing_out_says_so() throws Exception {
        TestUsers.ensureCreated(users);
        throttle.clear();

        // an address that needs sign-in: the browser is sent to the login page and the address is remembered
        HttpResponse<String> asked = get("/w/default/jobs", null);
        assertThat(asked.statusCode()).isEqualTo(302);
        String cookie = sessionCookie(asked).orElseThrow();
        HttpResponse<String> login = get("/login", cookie);
        HttpResponse<String> signedIn = post("/login", cookie, "username=" + TestUsers.READER + "&password="
                + TestUsers.PASSWORD + "&_csrf=" + csrf(login));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("http://localhost:" + port + "/w/default/jobs").doesNotContain("continue");

        String session = sessionCookie(signedIn).orElse(cookie);
        HttpResponse<String> page = get("/w/default/jobs", session);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> signedOut = post("/logout", session, "_csrf=" + csrf(page));

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/login?signed-out");
    }
}
