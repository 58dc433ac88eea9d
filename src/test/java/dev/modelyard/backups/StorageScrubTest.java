package dev.modelyard.backups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestDataDirectory;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The scrub finds objects damaged behind Modelyard's back, in the embedded store's own folder. */
@IntegrationTest
class StorageScrubTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;

    @Test
    void a_corrupted_and_a_deleted_object_are_reported_with_the_files_they_hold() throws Exception {
        TestUsers.ensureCreated(users);
        String name = ModelTestData.uniqueName("scrub");
        String corruptContent = "to be corrupted " + UUID.randomUUID();
        String deletedContent = "to be deleted " + UUID.randomUUID();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts,
                    Map.of("weights/a.bin", corruptContent, "weights/b.bin", deletedContent))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        String corruptSha = sha256(corruptContent);
        String deletedSha = sha256(deletedContent);
        Path corruptFile = objectFile(corruptSha);
        Path deletedFile = objectFile(deletedSha);
        assertThat(corruptFile).hasContent(corruptContent);

        assertThat(String.valueOf(scrub().getBody().get("problems"))).doesNotContain(corruptSha).doesNotContain(deletedSha);

        Files.writeString(corruptFile, "flipped " + corruptContent.substring(8));
        Files.delete(deletedFile);
        try {
            ResponseEntity<Map> report = scrub();
            assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
            List<Map<String, Object>> problems = (List<Map<String, Object>>) report.getBody().get("problems");
            assertThat(problems).anySatisfy(p -> {
                assertThat(p).containsEntry("sha256", corruptSha).containsEntry("kind", "corrupt").containsEntry("files", 1);
                assertThat((List<String>) p.get("examplePaths")).containsExactly("weights/a.bin");
            });
            assertThat(problems).anySatisfy(p -> {
                assertThat(p).containsEntry("sha256", deletedSha).containsEntry("kind", "missing");
                assertThat((List<String>) p.get("examplePaths")).containsExactly("weights/b.bin");
            });
            assertThat((Integer) report.getBody().get("corrupt")).isPositive();
            assertThat((Integer) report.getBody().get("missing")).isPositive();
            assertThat(((Number) report.getBody().get("objectsChecked")).longValue()).isGreaterThanOrEqualTo(2);
        } finally {
            // other tests in this context read the store (backups copy every referenced object): put them back
            Files.writeString(corruptFile, corruptContent);
            Files.writeString(deletedFile, deletedContent);
        }
    }

    @Test
    void the_scrub_is_for_admins_only() {
        TestUsers.ensureCreated(users);
        assertThat(rest.postForEntity("/api/v1/admin/storage/scrub", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD)
                .postForEntity("/api/v1/admin/storage/scrub", null, Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<Map> scrub() {
        return rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD).postForEntity("/api/v1/admin/storage/scrub", null, Map.class);
    }

    /** Where the embedded S3 server keeps an object: {@code <data-dir>/objects/<bucket>/<key>}. */
    private static Path objectFile(String sha256) {
        return TestDataDirectory.ROOT.resolve("objects").resolve("modelyard").resolve(ArtifactService.objectKey(sha256));
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
