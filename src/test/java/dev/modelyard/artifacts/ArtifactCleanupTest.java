package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Storage never keeps bytes nothing references, and never loses bytes something references. */
@IntegrationTest
class ArtifactCleanupTest {

    @Autowired
    ArtifactService artifacts;
    @Autowired
    ModelService models;
    @Autowired
    BlobStore blobs;

    private Set<String> objectKeys() {
        Set<String> keys = new HashSet<>();
        blobs.list("blobs/", stat -> keys.add(stat.key()));
        return keys;
    }

    @Test
    void blobs_stored_by_a_registration_that_never_committed_are_removed_and_referenced_ones_kept() throws IOException {
        String name = ModelTestData.uniqueName("kept");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("kept.bin", "kept " + name))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        Set<String> before = objectKeys();

        StoredFiles abandoned;
        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("orphan.bin", "orphan " + name))) {
            abandoned = artifacts.store(staged);  // stored, then the registration "dies" before its transaction
        }
        assertThat(abandoned.bytesNew()).isPositive();
        assertThat(objectKeys()).hasSize(before.size() + 1);

        assertThat(artifacts.cleanup(Duration.ofHours(1)).blobsDeleted())
                .as("a fresh claim is protected by the grace period").isZero();
        CleanupReport report = artifacts.cleanup(Duration.ZERO);

        assertThat(report.blobsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(objectKeys()).doesNotContain("blobs/sha256/" + abandoned.files().get(0).sha256().substring(0, 2)
                + "/" + abandoned.files().get(0).sha256());
        assertThat(objectKeys()).containsAll(before);
        TestUsers.runAs("reader", AppRole.READER, () -> {
            var file = models.file(VersionRef.of(name, "1"), "kept.bin");
            try (InputStream in = artifacts.open(file)) {
                assertThat(new String(in.readAllBytes())).isEqualTo("kept " + name);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void content_registered_again_after_its_orphan_was_cleaned_is_uploaded_afresh() {
        String content = "again " + ModelTestData.uniqueName("c");
        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("a.bin", content))) {
            artifacts.store(staged);
        }
        artifacts.cleanup(Duration.ZERO);

        String name = ModelTestData.uniqueName("again");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("a.bin", content))) {
                var v = models.register(ModelTestData.custom(name), staged);
                assertThat(v.storage().bytesNew()).isEqualTo(content.length());
            }
        });
        List<ArtifactFile> files = new java.util.ArrayList<>();
        TestUsers.runAs("reader", AppRole.READER, () -> files.addAll(models.files(VersionRef.of(name, "1"))));
        assertThat(blobs.stat("blobs/sha256/" + files.get(0).sha256().substring(0, 2) + "/" + files.get(0).sha256()))
                .isPresent();
    }

    @Test
    void staging_folders_left_by_a_crash_are_removed() throws IOException {
        StagedUpload crashed = ModelTestData.stageText(artifacts, Map.of("x.bin", "left behind"));
        // not closed: as if the process had died mid-upload
        assertThat(Files.list(dev.modelyard.TestDataDirectory.ROOT.resolve("staging")).count()).isPositive();

        CleanupReport report = artifacts.cleanup(Duration.ZERO);

        assertThat(report.stagingDirsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(crashed.files()).hasSize(1);
    }
}
