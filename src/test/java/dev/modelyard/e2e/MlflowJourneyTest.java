package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The MLflow journey in a real browser: a run logs metrics and a model folder through the tracking side, its job
 * page's Metrics tab draws the chart, the folder registers from the Outputs tab, {@code champion} is set on the
 * version page, and the Models page, REST v1 and the MLflow API then all name the same version.
 */
@IntegrationTest
class MlflowJourneyTest {

    /** The cell of the next column in the same row as a cell's content: clicking it selects the row. */
    private static final String NEXT_CELL = """
            const row = arguments[0].assignedSlot.parentElement.parentElement;
            const cells = [...row.querySelectorAll('td')];
            const own = arguments[0].assignedSlot.parentElement;
            return cells[cells.indexOf(own) + 1].querySelector('slot').assignedElements()[0];
            """;

    @LocalServerPort
    int port;
    @Autowired
    RunService runs;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    dev.modelyard.security.UserService users;

    @Test
    void logged_metrics_are_charted_the_model_registers_and_champion_agrees_everywhere() throws Exception {
        TestUsers.ensureCreated(users);
        String[] run = new String[1];
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            long experiment = runs.createExperiment("journey-" + UUID.randomUUID().toString().substring(0, 8), Map.of()).id();
            run[0] = runs.createRun(new CreateRunCommand(experiment, "journey run", null, Map.of())).runId();
            List<MetricPoint> points = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                points.add(new MetricPoint("loss", 1.0 / (step + 1), 1000 + step, step));
            }
            runs.logBatch(run[0], points, Map.of("alpha", "0.5"), Map.of());
            runs.logArtifact(run[0], "model/MLmodel", new ByteArrayInputStream(
                    "artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n"
                            .getBytes(StandardCharsets.UTF_8)));
            runs.logArtifact(run[0], "model/model.pkl", new ByteArrayInputStream(
                    ("weights of " + run[0]).getBytes(StandardCharsets.UTF_8)));
        });
        String base = "http://localhost:" + port;
        String model = ModelTestData.uniqueName("journey-model");
        try (Browser browser = new Browser()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            browser.signIn(base, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
            browser.wait.until(d -> d.findElement(By.cssSelector(".current-user")).getText().equals(TestUsers.CONTRIBUTOR));

            // the job page's Metrics tab charts the 50 points
            browser.driver.get(base + "/w/default/jobs/" + run[0]);
            browser.click(browser.wait.until(d -> d.findElement(By.id("tab-metrics"))));
            WebElement line = browser.wait.until(d -> d.findElement(
                    By.cssSelector(".metric-chart[data-metric='loss'] svg polyline")));
            assertThat(line.getDomAttribute("points").trim().split(" ")).hasSize(50);
            assertThat(browser.driver.findElement(By.id("job-run-params")).getText()).contains("alpha = 0.5");
            browser.screenshot("mlflow-metrics-tab");

            // register from the run's model/ folder
            browser.click(browser.driver.findElement(By.id("tab-outputs")));
            WebElement modelCell = browser.wait.until(d -> d.findElements(
                            By.cssSelector("#job-outputs vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals("model")).findFirst().orElse(null));
            ((WebElement) js.executeScript(NEXT_CELL, modelCell)).click();
            WebElement register = browser.driver.findElement(By.id("register-from-outputs"));
            browser.wait.until(d -> register.isEnabled());
            register.click();
            browser.wait.until(d -> d.getCurrentUrl().startsWith(base + "/w/default/register?"));
            browser.wait.until(d -> d.findElement(By.id("source-summary")).getText().startsWith("2 files"));
            browser.driver.findElement(By.cssSelector("#model-name input")).sendKeys(model, Keys.ENTER);
            browser.wait.until(d -> "new model — version 1".equals(d.findElement(By.id("model-name")).getDomProperty("helperText")));
            WebElement registerButton = browser.driver.findElement(By.id("register-button"));
            browser.wait.until(d -> registerButton.isEnabled());
            browser.click(registerButton);
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + model + "/versions/1"));

            // set champion on the version page
            browser.click(browser.wait.until(d -> d.findElement(By.id("tab-aliases"))));
            WebElement alias = browser.wait.until(d -> d.findElement(By.cssSelector("#alias-name input")));
            alias.sendKeys("champion");
            browser.click(browser.driver.findElement(By.id("alias-set")));
            browser.wait.until(d -> d.findElement(By.id("alias-list")).getText().contains("@champion → version 1"));
            browser.screenshot("mlflow-alias-set");

            // the Models page lists the model at the version champion names
            browser.driver.get(base + "/w/default/models?q=" + URLEncoder.encode("name=" + model, StandardCharsets.UTF_8));
            List<String> cells = browser.wait.until(d -> {
                List<String> texts = d.findElements(By.cssSelector("#models-grid vaadin-grid-cell-content")).stream()
                        .map(WebElement::getText).toList();
                return texts.contains(model) ? texts : null;
            });
            assertThat(cells.get(cells.indexOf(model) + 1)).isEqualTo("1");
        }

        // REST v1 and the MLflow API resolve champion to the same version
        Map<?, ?> v1 = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForObject("/api/v1/models/" + model + "/aliases/champion", Map.class);
        assertThat(v1.get("version")).isEqualTo(1);
        Map<?, ?> mlflow = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForObject("/api/2.0/mlflow/registered-models/alias?name=" + model + "&alias=champion", Map.class);
        assertThat(((Map<?, ?>) mlflow.get("model_version")).get("version")).isEqualTo("1");
        assertThat(((Map<?, ?>) mlflow.get("model_version")).get("source"))
                .isEqualTo("azureml://jobs/" + run[0] + "/outputs/artifacts/paths/model");
    }
}
