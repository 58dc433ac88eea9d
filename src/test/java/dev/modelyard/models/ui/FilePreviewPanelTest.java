package dev.modelyard.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.artifacts.ArtifactFile;
import org.junit.jupiter.api.Test;

class FilePreviewPanelTest {

    @Test
    void csv_previews_stop_after_the_requested_number_of_lines() {
        assertThat(FilePreviewPanel.firstLines("a\nb\nc\nd\n", 2)).isEqualTo("a\nb\n");
        assertThat(FilePreviewPanel.firstLines("a\nb", 5)).isEqualTo("a\nb");
    }

    @Test
    void model_folder_text_files_are_previewed_even_without_a_text_media_type() {
        assertThat(FilePreviewPanel.isText(file("MLmodel", "application/octet-stream"))).isTrue();
        assertThat(FilePreviewPanel.isText(file("simple/config.pbtxt", "application/octet-stream"))).isTrue();
        assertThat(FilePreviewPanel.isText(file("data/sample.CSV", "application/octet-stream"))).isTrue();
        assertThat(FilePreviewPanel.isText(file("notes", "text/plain"))).isTrue();
        assertThat(FilePreviewPanel.isText(file("model.pkl", "application/octet-stream"))).isFalse();
    }

    private static ArtifactFile file(String path, String mediaType) {
        return new ArtifactFile(path, 1, "0".repeat(64), mediaType);
    }
}
