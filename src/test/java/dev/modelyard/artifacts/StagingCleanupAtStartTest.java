package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.base.ModelyardProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The start-up cleanup removes staging folders a crash left on disk (not only ones this JVM remembers). */
@IntegrationTest
class StagingCleanupAtStartTest {

    @Autowired
    ArtifactCleanupJob cleanup;
    @Autowired
    ModelyardProperties modelyard;

    @Test
    void the_start_up_cleanup_deletes_stale_staging_folders_from_disk_and_keeps_fresh_ones() throws Exception {
        Path staging = Files.createDirectories(modelyard.stagingDir());
        Path crashed = Files.createDirectory(staging.resolve(UUID.randomUUID().toString()));
        Files.writeString(crashed.resolve("000001.blob"), "half an upload");
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        Files.setLastModifiedTime(crashed.resolve("000001.blob"), longAgo);
        Files.setLastModifiedTime(crashed, longAgo);
        Path fresh = Files.createDirectory(staging.resolve(UUID.randomUUID().toString()));

        cleanup.runAtStart();

        assertThat(crashed).doesNotExist();
        assertThat(fresh).exists();
        Files.delete(fresh);
    }
}
