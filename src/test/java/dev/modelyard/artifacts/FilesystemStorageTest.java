package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestDataDirectory;
import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.FilesystemBlobStore;
import dev.modelyard.models.ModelTestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The default store writes an upload once: the staged file itself becomes the blob; a known digest writes nothing. */
@IntegrationTest
class FilesystemStorageTest {

    @Autowired
    ArtifactService artifacts;
    @Autowired
    BlobStore store;
    @Autowired
    BlobLedger ledger;

    @Test
    void the_default_store_is_the_filesystem_over_the_data_directory() {
        assertThat(store).isInstanceOf(FilesystemBlobStore.class);
    }

    @Test
    void a_new_upload_is_moved_into_place_and_still_readable_through_its_staging() throws IOException {
        String content = "weights " + ModelTestData.uniqueName("moved");
        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("w.bin", content))) {
            Path local = staged.localFile("w.bin");
            Object inode = Files.readAttributes(local, "unix:ino").get("ino");
            StagedFile file = staged.files().get(0);

            StoredFiles stored = artifacts.store(staged);

            assertThat(stored.bytesNew()).isEqualTo(content.length());
            Path blob = TestDataDirectory.ROOT.resolve("objects/modelyard").resolve(BlobKeys.forSha256(file.sha256()));
            assertThat(local).as("moved, not copied").doesNotExist();
            assertThat(Files.readAttributes(blob, "unix:ino").get("ino")).isEqualTo(inode);
            try (InputStream in = staged.open("w.bin")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
            }
            CRC32 crc = new CRC32();
            crc.update(content.getBytes(StandardCharsets.UTF_8));
            assertThat(ledger.crc32s(List.of(file.sha256()))).containsEntry(file.sha256(), crc.getValue());
        }
    }

    @Test
    void a_known_digest_writes_nothing_and_keeps_the_existing_blob() throws IOException {
        String content = "same " + ModelTestData.uniqueName("known");
        String sha;
        try (StagedUpload first = ModelTestData.stageText(artifacts, Map.of("a.bin", content))) {
            artifacts.store(first);
            sha = first.files().get(0).sha256();
        }
        Path blob = TestDataDirectory.ROOT.resolve("objects/modelyard").resolve(BlobKeys.forSha256(sha));
        Object inode = Files.readAttributes(blob, "unix:ino").get("ino");

        try (StagedUpload again = ModelTestData.stageText(artifacts, Map.of("b.bin", content))) {
            StoredFiles stored = artifacts.store(again);

            assertThat(stored.bytesNew()).isZero();
            assertThat(stored.bytesReused()).isEqualTo(content.length());
            assertThat(Files.readAttributes(blob, "unix:ino").get("ino")).as("the blob was not rewritten")
                    .isEqualTo(inode);
        }
    }
}
