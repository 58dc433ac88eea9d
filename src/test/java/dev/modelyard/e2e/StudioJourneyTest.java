package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The studio as a new user meets it, in a real browser: a model re-registered without its tags is still found by
 * them (its older version, marked), tag chips narrow the search, and a reader who follows a register link gets the
 * app's access-denied page with its navigation, not a bare error; signing in and out leaves clean addresses.
 */
@IntegrationTest
class StudioJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;

    private String base() {
        return "http://localhost:" + port;
    }

    private void register(String name, Map<String, String> tags) {
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", name + tags))) {
                models.register(new RegisterModelCommand(name, null, ModelType.CUSTOM, null, tags, null, null), staged);
            }
        });
    }

    private static List<String> cells(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#models-grid vaadin-grid-cell-content")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void a_model_registered_twice_is_found_by_its_first_versions_tags_and_a_chip_narrows_the_search()
            throws Exception {
        String name = ModelTestData.uniqueName("browser-twice");
        String marker = name.substring(name.lastIndexOf('-') + 1);
        register(name, Map.of("journey", marker, "team", "fraud", "auc", "0.95"));
        register(name, Map.of());

        try (Browser browser = new Browser()) {
            browser.signIn(base(), "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-side-nav")).isEmpty());
            browser.driver.get(base() + "/models?q=" + URLEncoder.encode("journey=" + marker + " AND team=fraud",
                    StandardCharsets.UTF_8));

            List<String> row = browser.wait.until(d -> cells(browser).contains(name) ? cells(browser) : null);
            assertThat(row).anySatisfy(cell -> assertThat(cell).startsWith("1").contains("latest is 2"));
            assertThat(row).anySatisfy(cell -> assertThat(cell).contains("auc=0.95").contains("team=fraud"));
            browser.screenshot("models-older-match");

            WebElement chip = browser.wait.until(d -> d.findElements(By.cssSelector("#models-grid vaadin-button.tag-chip"))
                    .stream().filter(c -> c.getText().equals("auc=0.95")).findFirst().orElse(null));
            browser.click(chip);
            browser.wait.until(d -> d.getCurrentUrl().contains("auc%3D0.95") || d.getCurrentUrl().contains("auc=0.95"));
            assertThat(browser.driver.getCurrentUrl()).contains("/models?").doesNotContain("/versions/");
            assertThat(browser.driver.findElement(By.cssSelector("#model-search input")).getDomProperty("value"))
                    .endsWith("AND auc=0.95");

            WebElement nameCell = browser.wait.until(d -> d.findElements(
                    By.cssSelector("#models-grid vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals(name)).findFirst().orElse(null));
            browser.click(nameCell);
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + name + "/versions/1"));
            WebElement current = browser.wait.until(d -> d.findElements(
                    By.cssSelector("vaadin-side-nav-item[current]")).stream().findFirst().orElse(null));
            assertThat(current.getText()).isEqualTo("Models");
        }
    }

    @Test
    void a_reader_following_a_register_link_sees_the_access_denied_page_in_the_app_and_signs_out_cleanly()
            throws Exception {
        TestUsers.ensureCreated(users);
        try (Browser browser = new Browser()) {
            browser.driver.get(base() + "/register");
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name=username]")).isEmpty());
            WebElement username = browser.driver.findElement(By.cssSelector("vaadin-login-form input[name=username]"));
            username.sendKeys(TestUsers.READER);
            browser.driver.findElement(By.cssSelector("vaadin-login-form input[name=password]"))
                    .sendKeys(TestUsers.PASSWORD);
            browser.driver.findElement(By.cssSelector("vaadin-login-form vaadin-button")).click();

            WebElement denied = browser.wait.until(d -> d.findElements(By.id("access-denied")).stream().findFirst()
                    .orElse(null));
            assertThat(browser.driver.getCurrentUrl()).doesNotContain("continue");
            assertThat(denied.getText()).contains("You may not open this page").contains("CONTRIBUTOR")
                    .contains("READER").doesNotContain("Could not navigate");
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item"))).isNotEmpty();
            assertThat(browser.driver.findElement(By.cssSelector(".current-user")).getText()).isEqualTo(TestUsers.READER);
            browser.screenshot("access-denied");

            browser.click(browser.driver.findElement(By.id("access-denied-back")));
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/w/default/models"));
            browser.wait.until(d -> d.findElement(By.id("models-grid")));

            browser.click(browser.driver.findElement(By.id("user-menu")));
            browser.click(browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-menu-bar-item, vaadin-context-menu-item"))
                    .stream().filter(i -> i.getText().equals("Sign out")).findFirst().orElse(null)));
            WebElement signedOut = browser.wait.until(d -> d.findElements(By.id("signed-out")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null));
            assertThat(signedOut.getText()).isEqualTo("You have signed out.");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/login?signed-out");
        }
    }
}
