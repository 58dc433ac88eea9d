package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A real browser signs in and finds a registered model in the Models grid. */
@IntegrationTest
class SignInJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @Test
    void signing_in_shows_a_registered_model_in_the_grid() throws Exception {
        String name = ModelTestData.uniqueName("browser-visible");
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
            assertThat(cells).anySatisfy(cell -> assertThat(cell).contains("team=risk"));
            browser.screenshot("models-grid");
            assertThat(browser.driver.findElement(By.cssSelector(".current-user")).getText()).isEqualTo("admin");
        }
    }
}
