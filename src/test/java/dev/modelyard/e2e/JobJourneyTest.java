package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser trains the sample project: the code is dropped on the submit dialog's Upload, the job runs as a
 * real process, the page follows it to Completed by server push alone, and the model folder it left opens the
 * register form with its job reference. And the Jobs list follows a job the same way.
 */
@IntegrationTest
class JobJourneyTest {

    private static final Path SAMPLE = Path.of("samples/diabetes");
    private static final List<String> CODE = List.of("train.py", "diabetes.csv");
    /** Drops files on an element the way a user's drag and drop does: a drop event carrying a DataTransfer. */
    private static final String DROP = """
            const [target, files] = arguments;
            const transfer = new DataTransfer();
            for (const [name, base64] of files) {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              transfer.items.add(new File([bytes], name));
            }
            target.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
            """;
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
    JobService jobs;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    dev.modelyard.security.UserService users;

    @Test
    void a_contributor_trains_the_sample_and_opens_the_register_form_from_its_model_folder() throws Exception {
        String base = "http://localhost:" + port;
        // the journey is a contributor's: signed in as one (a CONTRIBUTOR of 'default'), not as the admin
        TestUsers.ensureCreated(users);
        try (Browser browser = new Browser()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            browser.signIn(base, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
            // the Models page shows its grid only once a model exists; the signed-in user is always there
            browser.wait.until(d -> d.findElement(By.cssSelector(".current-user")).getText().equals(TestUsers.CONTRIBUTOR));
            browser.driver.get(base + "/jobs");
            browser.wait.until(d -> d.findElement(By.id("jobs-grid")));
            browser.driver.findElement(By.id("submit-job")).click();

            WebElement upload = browser.wait.until(d -> d.findElement(By.id("job-code-upload")));
            List<String[]> files = CODE.stream().map(f -> new String[]{f, base64(SAMPLE.resolve(f))}).toList();
            js.executeScript(DROP, upload, files);
            browser.wait.until(d -> d.findElement(By.id("job-code-files")).getText().startsWith("2 files"));
            browser.driver.findElement(By.cssSelector("#job-command input"))
                    .sendKeys("python train.py --training_data diabetes.csv");
            assertThat(browser.driver.findElement(By.cssSelector("#job-environment input")).getDomProperty("value"))
                    .isEqualTo("sklearn-1@latest");
            browser.screenshot("submit-job-dialog");
            browser.driver.findElement(By.id("job-submit")).click();

            browser.wait.until(d -> d.getCurrentUrl().matches(".*/jobs/[A-Za-z0-9_.-]+$"));
            String job = browser.driver.getCurrentUrl().replaceAll(".*/jobs/", "");
            // survives only as long as the page is not reloaded
            js.executeScript("window.jobJourneyPage = 'unchanged'");
            String status = new WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(d -> {
                String text = d.findElement(By.id("job-status")).getText();
                return List.of("Completed", "Failed", "Canceled").contains(text) ? text : null;
            });
            browser.screenshot("job-page");
            assertThat(status).as("job %s ended: %s", job,
                    browser.driver.findElement(By.id("job-status")).getDomAttribute("title")).isEqualTo("Completed");
            assertThat(js.executeScript("return window.jobJourneyPage")).as("no reload").isEqualTo("unchanged");

            browser.driver.findElement(By.id("tab-logs")).click();
            browser.wait.until(d -> d.findElement(By.id("job-log")).getText().contains("Saved the model to"));
            assertThat(browser.driver.findElement(By.id("job-log")).getText()).containsPattern("(?m)^AUC: \\d\\.\\d+$");
            browser.screenshot("job-logs");

            browser.driver.findElement(By.id("tab-outputs")).click();
            WebElement modelCell = browser.wait.until(d -> d.findElements(
                            By.cssSelector("#job-outputs vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals("model")).findFirst().orElse(null));
            ((WebElement) js.executeScript(NEXT_CELL, modelCell)).click();
            WebElement register = browser.driver.findElement(By.id("register-from-outputs"));
            browser.wait.until(d -> register.isEnabled());
            browser.screenshot("job-outputs");
            register.click();

            browser.wait.until(d -> d.getCurrentUrl().startsWith(base + "/w/default/register?"));
            Map<String, String> query = query(browser.driver.getCurrentUrl());
            assertThat(query).containsEntry("source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model")
                    .containsEntry("type", "mlflow_model");

            // the register form over the job's folder: nothing to upload, MLflow chosen, the files listed
            browser.wait.until(d -> d.findElement(By.id("source-summary")).getText().startsWith("5 files"));
            String modelName = ModelTestData.uniqueName("mlflow-diabetes");
            browser.driver.findElement(By.cssSelector("#model-name input")).sendKeys(modelName, Keys.ENTER);
            browser.wait.until(d -> "new model — version 1"
                    .equals(d.findElement(By.id("model-name")).getDomProperty("helperText")));
            browser.screenshot("register-from-job");
            WebElement registerButton = browser.driver.findElement(By.id("register-button"));
            browser.wait.until(d -> registerButton.isEnabled());
            browser.click(registerButton);

            browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + modelName + "/versions/1"));
            assertThat(browser.wait.until(d -> d.findElement(By.id("version-source-job"))).getText()).isEqualTo(job);
            browser.click(browser.driver.findElement(By.id("tab-mlflow")));
            List<String> signature = browser.wait.until(d -> {
                List<String> texts = d.findElements(By.cssSelector("#signature-inputs vaadin-grid-cell-content"))
                        .stream().map(WebElement::getText).toList();
                return texts.contains("Age") ? texts : null;
            });
            assertThat(signature).contains("Pregnancies", "BMI", "DiabetesPedigree", "double");
        }
    }

    /** Karibu cannot see what reaches the browser; this is the check that a changed row is re-sent by push. */
    @Test
    void the_jobs_list_follows_a_job_to_completed_without_a_reload() throws Exception {
        String base = "http://localhost:" + port;
        String experiment = ModelTestData.uniqueName("watched");
        try (Browser browser = new Browser()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            browser.signIn(base, "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> d.findElement(By.cssSelector(".current-user")).getText().equals("admin"));
            // the workspace named: an address without one opens the admin's last workspace, which other tests may change
            browser.driver.get(base + "/w/default/jobs?experiment=" + experiment);
            browser.wait.until(d -> d.findElement(By.id("jobs-grid")));
            js.executeScript("window.jobJourneyPage = 'unchanged'");

            TestUsers.runAs("admin", AppRole.ADMIN, () -> {
                try (StagedUpload code = ModelTestData.stageText(artifacts, Map.of("run.sh", "sleep 3\necho done\n"))) {
                    jobs.submit(new SubmitJobCommand("sh run.sh", "python-3@latest", "local", "watched job", experiment,
                            null, null, null, null), code);
                }
            });

            browser.wait.until(d -> cells(d).contains("Running"));
            String status = new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .until(d -> cells(d).contains("Completed") ? "Completed" : null);
            assertThat(status).isEqualTo("Completed");
            assertThat(cells(browser.driver)).contains("watched job", experiment);
            assertThat(js.executeScript("return window.jobJourneyPage")).as("no reload").isEqualTo("unchanged");
        }
    }

    private static List<String> cells(WebDriver driver) {
        return driver.findElements(By.cssSelector("#jobs-grid vaadin-grid-cell-content")).stream()
                .map(WebElement::getText).toList();
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
