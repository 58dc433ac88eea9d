package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.models.ModelService;
import dev.modelyard.security.SecurityHeadersTestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In a real browser: the portal works under its Content-Security-Policy (no violation in the console), and the
 * download links of an uploaded .html and .svg serve attachments in a CSP sandbox, never a page of our origin.
 */
@IntegrationTest
class DownloadSafetyJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @Test
    void the_portal_runs_under_its_csp_and_ui_downloads_are_sandboxed_attachments() throws Exception {
        String name = SecurityHeadersTestData.registerHostileFiles(models, artifacts);
        String base = "http://localhost:" + port;
        try (Browser browser = new Browser()) {
            browser.signIn(base, "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-side-nav")).isEmpty());
            browser.driver.get(base + "/models/" + name + "/versions/1");
            browser.click(browser.wait.until(d -> d.findElement(By.id("tab-artifacts"))));
            String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();

            for (String file : List.of("evil.html", "evil.svg")) {
                String href = browser.wait.until(d -> d.findElement(
                        By.cssSelector("a[aria-label='Download " + file + "']"))).getAttribute("href");
                HttpResponse<Void> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                        .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(download.statusCode()).as(href).isEqualTo(200);
                assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
                assertThat(download.headers().allValues("Content-Security-Policy"))
                        .containsExactly("sandbox; default-src 'none'");
                assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
            List<String> violations = browser.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
            assertThat(violations).isEmpty();
            assertThat(browser.driver.getTitle()).doesNotContain("pwned");
        }
    }
}
