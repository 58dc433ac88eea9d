package dev.modelyard.artifacts.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kill during an object write leaves the folder store's temporary file; the next start removes only those. */
class InterruptedWritesTest {

    @TempDir
    Path root;

    @Test
    void temporary_files_of_interrupted_writes_are_removed_and_objects_kept() throws Exception {
        String sha = "24e15842b1ee4e8f518dfabe03e8cc1cfa5df2f443d32de34aa3b4cd951e57fa";
        Path dir = Files.createDirectories(root.resolve("modelyard/blobs/sha256/24"));
        Path object = Files.writeString(dir.resolve(sha), "complete");
        Path leftover = Files.writeString(dir.resolve(sha + "-c7064e56-c106-431c-b618-2f455e0120d7"), "part");
        Path unrelated = Files.writeString(Files.createDirectories(root.resolve("modelyard/other"))
                .resolve(sha + "-c7064e56-c106-431c-b618-2f455e0120d7"), "not ours");

        assertThat(EmbeddedS3Server.removeInterruptedWrites(root)).isEqualTo(1);

        assertThat(object).exists();
        assertThat(leftover).doesNotExist();
        assertThat(unrelated).exists();
    }
}
