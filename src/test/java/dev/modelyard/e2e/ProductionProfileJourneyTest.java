package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.ProductionProfileTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A real browser on the production layout (PostgreSQL, S3 in its own process): sign in, find a model, open it. */
@ProductionProfileTest
class ProductionProfileJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @Test
    void signing_in_finds_a_model_in_the_grid_and_opens_its_version_page_with_its_files() throws Exception {
        String name = ModelTestData.uniqueName("prod-browser");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageFixture(artifacts, ModelTestData.MLFLOW_FIXTURE)) {
                models.register(ModelTestData.mlflow(name), staged);
            }
        });

        try (Browser browser = new Browser()) {
            browser.signIn("http://localhost:" + port, "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-side-nav")).isEmpty());
            WebElement search = browser.wait.until(d -> d.findElement(By.cssSelector("#model-search input")));
            search.sendKeys(name);
            List<String> cells = browser.wait.until(d -> {
                List<String> texts = d.findElements(By.cssSelector("#models-grid vaadin-grid-cell-content"))
                        .stream().map(WebElement::getText).toList();
                return texts.contains(name) ? texts : null;
            });
            assertThat(cells).contains(name, "MLflow");

            browser.driver.get("http://localhost:" + port + "/models/" + name + "/versions/1");
            String page = browser.wait.until(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains(name) ? text : null;
            });
            assertThat(page).contains(name);
            browser.screenshot("production-profile-version");
        }
    }
}
