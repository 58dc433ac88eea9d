package dev.modelyard.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ContextConfiguration;

/**
 * A data directory written by the release before workspaces (schema V006: H2 file and embedded object store, made
 * by that release's jar through its REST API — see src/test/resources/fixtures/README.md) starts under this version
 * with every model, version, tag, archived flag, job, log, output, user and file intact, all in workspace
 * {@code default}, and its users keep their roles there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"modelyard.storage.cleanup-interval=1h", "vaadin.devmode.devTools.enabled=false"})
@ContextConfiguration(initializers = DataDirectoryMigrationTest.OldDataDirectory.class)
class DataDirectoryMigrationTest {

    /** The admin password the old data directory was made with. */
    static final String OLD_ADMIN = "old-admin-password";

    @Autowired
    TestRestTemplate rest;

    @Test
    void every_model_version_job_and_file_is_there_in_the_default_workspace() throws Exception {
        TestRestTemplate admin = rest.withBasicAuth("admin", OLD_ADMIN);

        Map<String, Object> fraud = admin.getForObject("/api/v1/workspaces/default/models/fraud-detector", Map.class);
        assertThat(fraud).containsEntry("versionCount", 2).containsEntry("latestVersion", 2);
        Map<String, Object> v1 = admin.getForObject("/api/v1/models/fraud-detector/versions/1", Map.class);
        assertThat(v1).containsEntry("type", "mlflow_model").containsEntry("description", "Diabetes classifier");
        assertThat((Map<String, Object>) v1.get("tags")).containsEntry("team", "fraud").containsEntry("auc", "0.91");
        assertThat((Map<String, Object>) v1.get("properties")).containsEntry("framework", "sklearn");
        assertThat((List<?>) ((Map<String, Object>) ((Map<String, Object>) v1.get("format")).get("signature")).get("inputs")).hasSize(8);

        // every file's bytes are where the manifest says, with the recorded digest
        List<Map<String, Object>> files = admin.getForObject("/api/v1/models/fraud-detector/versions/1/files", List.class);
        assertThat(files).extracting(f -> f.get("path")).contains("MLmodel", "model.pkl", "requirements.txt");
        for (Map<String, Object> f : files) {
            ResponseEntity<byte[]> bytes = admin.getForEntity("/api/v1/models/fraud-detector/versions/1/files/" + f.get("path"),
                    byte[].class);
            assertThat(bytes.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBody())))
                    .as("%s", f.get("path")).isEqualTo(f.get("sha256"));
        }

        Map<String, Object> churn = admin.getForObject("/api/v1/models/churn/versions/1", Map.class);
        assertThat(churn).containsEntry("archived", true);
        assertThat(admin.getForObject("/api/v1/models/churn/versions/1/files/weights/w.bin", String.class))
                .isEqualTo("hello weights\n");

        // the job, its log and outputs, and the version registered from them
        Map<String, Object> jobs = admin.getForObject("/api/v1/jobs?experiment=legacy", Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) jobs.get("items");
        assertThat(items).hasSize(1);
        String job = (String) items.get(0).get("name");
        assertThat(items.get(0)).containsEntry("status", "Completed");
        assertThat(admin.getForObject("/api/v1/jobs/" + job + "/logs", String.class)).contains("trained");
        List<Map<String, Object>> outputs = admin.getForObject("/api/v1/jobs/" + job + "/outputs", List.class);
        assertThat(outputs).extracting(o -> o.get("path")).contains("outputs/model/MLmodel", "outputs/model/model.txt");
        Map<String, Object> fromJob = admin.getForObject("/api/v1/models/from-job/versions/1", Map.class);
        assertThat((Map<String, Object>) fromJob.get("source")).containsEntry("job", job);

        // the reader made before workspaces is a reader of 'default'; the admin is the platform admin
        TestRestTemplate olga = rest.withBasicAuth("olga", "olga-password-1");
        assertThat(olga.getForObject("/api/v1/workspaces/default", Map.class)).containsEntry("role", "READER");
        assertThat(olga.getForEntity("/api/v1/models/fraud-detector", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> adminSees = admin.getForObject("/api/v1/workspaces", List.class);
        assertThat(adminSees).extracting(w -> w.get("name")).containsExactly("default");

        // and the migrated registry keeps numbering where it was
        assertThat(admin.getForObject("/api/v1/models/fraud-detector", Map.class)).containsEntry("latestVersion", 2);
    }

    /** Unpacks the old data directory into a fresh folder under target/ and points the application at it. */
    static class OldDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path root = Path.of("target", "test-data", "v006-" + UUID.randomUUID()).toAbsolutePath();
            unzip("/fixtures/data-dir-v006.zip", root);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("old-data-dir",
                    Map.of("modelyard.data-dir", root.toString(), "MODELYARD_ADMIN_PASSWORD", "not-used-admin-exists")));
        }

        private static void unzip(String resource, Path into) {
            try (InputStream in = DataDirectoryMigrationTest.class.getResourceAsStream(resource);
                 ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path target = into.resolve(entry.getName()).normalize();
                    if (!target.startsWith(into)) {
                        throw new IllegalStateException("fixture entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
