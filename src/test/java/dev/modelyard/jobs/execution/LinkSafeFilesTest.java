package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector never follows a link at any path component, even when a folder is swapped for a link between
 * listing it and reading it (made deterministic by the listing hook).
 */
class LinkSafeFilesTest {

    @TempDir
    Path base;
    Path outside;
    final Map<String, String> read = new LinkedHashMap<>();
    final Map<String, String> refused = new LinkedHashMap<>();

    final LinkSafeFiles.Visitor visitor = new LinkSafeFiles.Visitor() {
        @Override
        public void file(String path, long size, InputStream content) throws IOException {
            read.put(path, new String(content.readAllBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void refused(String path, String reason) {
            refused.put(path, reason);
        }
    };

    @BeforeEach
    void layout() throws IOException {
        outside = Files.createDirectories(base.resolve("host"));
        Files.writeString(outside.resolve("a.txt"), "HOST SECRET");
        Files.writeString(outside.resolve("std_log.txt"), "HOST SECRET");
        Path sub = Files.createDirectories(base.resolve("job/outputs/sub"));
        Files.writeString(sub.resolve("a.txt"), "job file");
        Files.writeString(base.resolve("job/outputs/top.txt"), "top");
    }

    private static void swapForLink(Path folder, Path target) {
        try {
            Files.move(folder, folder.resolveSibling(folder.getFileName() + ".moved"));
            Files.createSymbolicLink(folder, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_folder_swapped_for_a_link_after_its_parent_was_listed_is_refused_not_followed() throws IOException {
        LinkSafeFiles files = new LinkSafeFiles(folder -> {
            if (folder.equals("outputs/")) {
                swapForLink(base.resolve("job/outputs/sub"), outside);
            }
        });

        files.walk(base, "job/outputs", "outputs/", visitor);

        assertThat(read).containsOnlyKeys("outputs/top.txt");
        assertThat(read.values()).noneMatch(v -> v.contains("HOST SECRET"));
        assertThat(refused).containsOnlyKeys("outputs/sub");
        assertThat(refused.get("outputs/sub")).contains("link");
    }

    @Test
    void a_folder_swapped_while_it_is_read_is_read_through_the_handle_already_open_on_it() throws IOException {
        LinkSafeFiles files = new LinkSafeFiles(folder -> {
            if (folder.equals("outputs/sub/")) {
                swapForLink(base.resolve("job/outputs/sub"), outside);
            }
        });

        files.walk(base, "job/outputs", "outputs/", visitor);

        assertThat(read).containsEntry("outputs/sub/a.txt", "job file").containsEntry("outputs/top.txt", "top");
        assertThat(read.values()).noneMatch(v -> v.contains("HOST SECRET"));
    }

    @Test
    void a_link_in_the_middle_of_a_log_path_is_refused() throws IOException {
        Files.createSymbolicLink(base.resolve("job2"), outside);

        new LinkSafeFiles().readFile(base, "job2/std_log.txt", "user_logs/std_log.txt", visitor);

        assertThat(read).isEmpty();
        assertThat(refused).containsOnlyKeys("user_logs/std_log.txt");
    }

    @Test
    void a_log_that_is_a_link_is_refused_and_a_real_one_read() throws IOException {
        Files.createSymbolicLink(base.resolve("job/std_log.txt"), outside.resolve("std_log.txt"));
        new LinkSafeFiles().readFile(base, "job/std_log.txt", "log", visitor);
        assertThat(refused).containsOnlyKeys("log");

        Files.delete(base.resolve("job/std_log.txt"));
        Files.writeString(base.resolve("job/std_log.txt"), "epoch 1");
        refused.clear();
        new LinkSafeFiles().readFile(base, "job/std_log.txt", "log", visitor);
        assertThat(read).containsEntry("log", "epoch 1");
        assertThat(refused).isEmpty();
    }

    @Test
    void a_missing_root_or_folder_is_no_error_and_reads_nothing() throws IOException {
        new LinkSafeFiles().readFile(base.resolve("never-made"), "job/std_log.txt", "log", visitor);
        new LinkSafeFiles().walk(base.resolve("never-made"), "job/outputs", "outputs/", visitor);
        new LinkSafeFiles().walk(base, "nojob/work/outputs", "outputs/", visitor);
        assertThat(read).isEmpty();
        assertThat(refused).isEmpty();
    }

    @Test
    void deleting_a_job_folder_removes_links_but_never_their_targets() throws IOException {
        Files.createSymbolicLink(base.resolve("job/outputs/escape"), outside);

        assertThat(LinkSafeFiles.deleteTree(base, "job")).isTrue();

        assertThat(base.resolve("job")).doesNotExist();
        assertThat(outside.resolve("a.txt")).hasContent("HOST SECRET");
    }
}
