package dev.modelyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser registers a model: files dropped on the Upload travel as real multipart requests to the
 * form's upload handler, a hostile zip is refused beside the upload, and Register opens the new version.
 */
@IntegrationTest
class RegisterJourneyTest {

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

    /** Reads a link's target with the page's own session and hands it back as base64. */
    private static final String FETCH_AS_BASE64 = """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0].href).then(r => r.arrayBuffer()).then(buffer => {
              let binary = '';
              new Uint8Array(buffer).forEach(b => binary += String.fromCharCode(b));
              done(btoa(binary));
            }).catch(e => done('failed: ' + e));
            """;

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;

    @Test
    void a_contributor_registers_by_upload_finds_it_by_tag_sees_its_signature_downloads_it_and_adds_a_version()
            throws Exception {
        String name = ModelTestData.uniqueName("browser-register");
        try (Browser browser = new Browser()) {
            browser.signIn("http://localhost:" + port, "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-side-nav")).isEmpty());
            browser.driver.get("http://localhost:" + port + "/register");
            WebElement upload = browser.wait.until(d -> d.findElement(By.id("model-upload")));

            drop(browser, upload, List.<String[]>of(new String[]{"evil.zip", base64(zip("../evil"))}));
            WebElement error = browser.wait.until(d -> {
                WebElement e = d.findElement(By.id("upload-error"));
                return e.isDisplayed() ? e : null;
            });
            assertThat(error.getText()).contains("'../evil'");

            List<String[]> files = new ArrayList<>();
            for (Path file : ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE)) {
                files.add(new String[]{file.getFileName().toString(), base64(Files.readAllBytes(file))});
            }
            drop(browser, upload, files);
            browser.wait.until(d -> d.findElement(By.id("staged-summary")).getText().startsWith("5 files"));
            browser.wait.until(d -> d.findElement(By.cssSelector("#model-type vaadin-radio-button[checked]"))
                    .getText().startsWith("MLflow"));

            WebElement nameInput = browser.driver.findElement(By.cssSelector("#model-name input"));
            nameInput.sendKeys(name, Keys.ENTER);
            browser.wait.until(d -> "new model — version 1"
                    .equals(d.findElement(By.id("model-name")).getDomProperty("helperText")));
            String marker = name.substring(name.lastIndexOf('-') + 1);
            browser.click(browser.driver.findElement(By.id("add-tag")));
            browser.wait.until(d -> d.findElement(By.cssSelector("#tag-key-0 input"))).sendKeys("journey");
            browser.driver.findElement(By.cssSelector("#tag-value-0 input")).sendKeys(marker);
            WebElement register = browser.driver.findElement(By.id("register-button"));
            ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                    register);
            browser.wait.until(d -> register.isEnabled());
            browser.screenshot("register-form");
            register.click();

            browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + name + "/versions/1"));
            String notice = browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                    .map(WebElement::getText).filter(t -> t.startsWith("Version 1 registered")).findFirst()
                    .orElse(null));
            assertThat(notice).contains(" new, ").endsWith(" reused");

            findWithATagQueryAndOpen(browser, name, "journey=" + marker + " AND type=mlflow_model");
            seeTheSignatureTable(browser);
            downloadAllAndCheckTheZip(browser);
            registerASecondVersionAndSeeBothInTheVersionsTab(browser, name, files);
        }
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            assertThat(models.version(VersionRef.of(name, "1")).type()).isEqualTo(ModelType.MLFLOW);
            assertThat(models.version(VersionRef.of(name, "2")).tags()).as("copied from version 1")
                    .containsEntry("journey", name.substring(name.lastIndexOf('-') + 1));
        });
    }

    @Test
    void a_refusal_is_brought_into_view_and_a_zip_of_one_folder_registers_from_inside_it_with_a_notice()
            throws Exception {
        String name = ModelTestData.uniqueName("browser-wrapped");
        try (Browser browser = new Browser()) {
            browser.signIn("http://localhost:" + port, "admin", TestUsers.ADMIN_PASSWORD);
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-side-nav")).isEmpty());
            browser.driver.get("http://localhost:" + port + "/register");
            WebElement upload = browser.wait.until(d -> d.findElement(By.id("model-upload")));
            browser.driver.findElement(By.cssSelector("#model-name input")).sendKeys(name, Keys.ENTER);

            // two top-level folders: nothing to unwrap, and MLflow needs its MLmodel at the root
            drop(browser, upload, List.<String[]>of(new String[]{"two-folders.zip",
                    base64(zip("a/MLmodel", "b/model.pkl"))}));
            browser.wait.until(d -> d.findElement(By.id("staged-summary")).getText().startsWith("2 files"));
            browser.click(browser.driver.findElements(By.cssSelector("#model-type vaadin-radio-button")).stream()
                    .filter(b -> b.getText().startsWith("MLflow")).findFirst().orElseThrow());
            WebElement register = browser.driver.findElement(By.id("register-button"));
            browser.click(register);

            WebElement error = browser.wait.until(d -> {
                WebElement e = d.findElement(By.id("upload-error"));
                return e.isDisplayed() && !e.getText().isEmpty() ? e : null;
            });
            assertThat(error.getText()).contains("MLmodel file at the root");
            browser.wait.until(d -> "upload-error".equals(((JavascriptExecutor) d)
                    .executeScript("return document.activeElement && document.activeElement.id")));
            assertThat((Boolean) ((JavascriptExecutor) browser.driver).executeScript("""
                    const r = arguments[0].getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight;""", error))
                    .as("the refusal is on screen").isTrue();
            String refusal = browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-notification-card"))
                    .stream().map(WebElement::getText).filter(t -> t.contains("could not be registered"))
                    .findFirst().orElse(null));
            assertThat(refusal).startsWith("'two-folders.zip' could not be registered");
            browser.screenshot("register-refusal");

            browser.click(browser.driver.findElement(By.id("clear-files")));
            // the clear resets the upload's file list when the server answers: a file dropped before that answer
            // would be cleared with the rest (the test once timed out waiting for its notice)
            browser.wait.until(d -> d.findElement(By.id("staged-summary")).getText().equals("Nothing staged"));
            drop(browser, upload, List.<String[]>of(new String[]{"m.zip", base64(wrappedMlflowZip("model-folder"))}));
            WebElement notice = browser.wait.until(d -> {
                WebElement n = d.findElement(By.id("upload-notice"));
                return n.isDisplayed() ? n : null;
            });
            assertThat(notice.getText()).contains("'model-folder'").contains("'MLmodel'");
            browser.wait.until(d -> d.findElement(By.cssSelector("#model-type vaadin-radio-button[checked]"))
                    .getText().startsWith("MLflow"));
            browser.wait.until(d -> register.isEnabled());
            browser.click(register);

            browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + name + "/versions/1"));
            String done = browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                    .map(WebElement::getText).filter(t -> t.startsWith("Version 1 registered")).findFirst()
                    .orElse(null));
            assertThat(done).startsWith("Version 1 registered from inside 'model-folder'");
        }
        TestUsers.runAs("admin", AppRole.ADMIN, () ->
                assertThat(models.files(VersionRef.of(name, "1"))).extracting(f -> f.path()).contains("MLmodel"));
    }

    private void findWithATagQueryAndOpen(Browser browser, String name, String query) throws IOException {
        browser.driver.get("http://localhost:" + port + "/models");
        WebElement search = browser.wait.until(d -> d.findElement(By.cssSelector("#model-search input")));
        search.sendKeys(query, Keys.ENTER);
        browser.wait.until(d -> d.getCurrentUrl().contains("q="));
        WebElement cell = browser.wait.until(d -> d.findElements(By.cssSelector("#models-grid vaadin-grid-cell-content"))
                .stream().filter(c -> c.getText().equals(name)).findFirst().orElse(null));
        browser.screenshot("models-view");
        browser.click(cell);
        browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + name + "/versions/1"));
    }

    private static void seeTheSignatureTable(Browser browser) throws IOException {
        browser.click(browser.wait.until(d -> d.findElement(By.id("tab-mlflow"))));
        List<String> cells = browser.wait.until(d -> {
            List<String> texts = d.findElements(By.cssSelector("#signature-inputs vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).toList();
            return texts.contains("Age") ? texts : null;
        });
        assertThat(cells).contains("Pregnancies", "PlasmaGlucose", "DiastolicBloodPressure", "TricepsThickness",
                "SerumInsulin", "BMI", "DiabetesPedigree", "Age", "double");
        browser.screenshot("version-mlflow-tab");
    }

    /** Fetches the "Download all" link inside the signed-in browser (its session) and reads the zip's entries. */
    private static void downloadAllAndCheckTheZip(Browser browser) throws IOException {
        browser.click(browser.driver.findElement(By.id("tab-artifacts")));
        WebElement link = browser.wait.until(d -> d.findElement(By.id("download-all")));
        browser.screenshot("version-artifacts-tab");
        String base64 = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(FETCH_AS_BASE64, link);
        assertThat(base64).doesNotStartWith("failed");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactlyInAnyOrder("MLmodel", "conda.yaml", "model.pkl", "python_env.yaml",
                "requirements.txt");
    }

    private void registerASecondVersionAndSeeBothInTheVersionsTab(Browser browser, String name, List<String[]> files)
            throws IOException {
        browser.driver.get("http://localhost:" + port + "/register?name=" + name);
        WebElement upload = browser.wait.until(d -> d.findElement(By.id("model-upload")));
        browser.wait.until(d -> "will be registered as version 2"
                .equals(d.findElement(By.id("model-name")).getDomProperty("helperText")));
        // the new version starts with version 1's tags, marked as copied
        browser.wait.until(d -> "journey".equals(d.findElement(By.cssSelector("#tag-key-0 input")).getDomProperty("value")));
        assertThat(browser.driver.findElement(By.id("tags-copied")).getText()).startsWith("Copied from version 1");
        drop(browser, upload, files);
        browser.wait.until(d -> d.findElement(By.id("staged-summary")).getText().startsWith("5 files"));
        WebElement register = browser.driver.findElement(By.id("register-button"));
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", register);
        browser.wait.until(d -> register.isEnabled());
        register.click();
        browser.wait.until(d -> d.getCurrentUrl().endsWith("/models/" + name + "/versions/2"));

        browser.click(browser.wait.until(d -> d.findElement(By.id("tab-versions"))));
        List<String> cells = browser.wait.until(d -> {
            List<String> texts = d.findElements(By.cssSelector("#versions-tab-grid vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).toList();
            return texts.contains("1") && texts.contains("2") ? texts : null;
        });
        assertThat(cells).contains("1", "2");
        browser.screenshot("version-versions-tab");
    }

    private static void drop(Browser browser, WebElement upload, List<String[]> files) {
        ((JavascriptExecutor) browser.driver).executeScript(DROP, upload, files);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] zip(String... entries) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write("evil".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The MLflow fixture as {@code zip -r m.zip <folder>} lays it out: the folder's entry, then its files. */
    private static byte[] wrappedMlflowZip(String folder) throws IOException {
        Path root = ModelTestData.fixture(ModelTestData.MLFLOW_FIXTURE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(folder + "/"));
            out.closeEntry();
            for (Path file : ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE)) {
                out.putNextEntry(new ZipEntry(folder + "/" + root.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
