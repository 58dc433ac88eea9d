package dev.modelyard.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restore refuses, before it writes anything. */
class BackupRestoreRulesTest {

    @TempDir
    Path dir;

    private Path backup(String entryName) throws IOException {
        Path backup = Files.createDirectories(dir.resolve("modelyard-20261130T000000Z"));
        Files.writeString(backup.resolve("backup.json"), "{}");
        try (OutputStream out = Files.newOutputStream(backup.resolve("database.zip"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write("db".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.createDirectories(backup.resolve("objects/blobs/sha256/ab"));
        Files.writeString(backup.resolve("objects/blobs/sha256/ab/abc"), "object");
        return backup;
    }

    @Test
    void a_non_empty_data_directory_is_refused_and_left_as_it_was() throws IOException {
        Path backup = backup("modelyard.mv.db");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("something"), "mine");

        assertThatThrownBy(() -> BackupRestore.restore(backup, data, "modelyard"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not empty");
        try (var entries = Files.list(data)) {
            assertThat(entries).containsExactly(data.resolve("something"));
        }
    }

    @Test
    void a_restore_lays_out_database_and_objects_and_a_second_start_with_the_same_backup_skips() throws IOException {
        Path backup = backup("modelyard.mv.db");
        Path data = dir.resolve("fresh");

        assertThat(BackupRestore.restore(backup, data, "bucket")).isTrue();
        assertThat(data.resolve("db/modelyard.mv.db")).hasContent("db");
        assertThat(data.resolve("objects/bucket/blobs/sha256/ab/abc")).hasContent("object");
        assertThat(BackupRestore.restore(backup, data, "bucket")).isFalse();
    }

    @Test
    void a_database_zip_with_a_path_in_an_entry_name_is_refused() throws IOException {
        Path backup = backup("../escape.mv.db");

        assertThatThrownBy(() -> BackupRestore.restore(backup, dir.resolve("fresh"), "bucket"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected entry");
        assertThat(dir.resolve("escape.mv.db")).doesNotExist();
    }

    @Test
    void a_folder_that_is_not_a_backup_is_refused() {
        assertThatThrownBy(() -> BackupRestore.restore(dir, dir.resolve("fresh"), "bucket"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Modelyard backup");
    }
}
