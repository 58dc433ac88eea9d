package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** offerFile keeps what it can: one refused file (name, cap) never takes the others with it. */
class OfferFileTest {

    @TempDir
    Path root;

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void files_past_the_count_cap_are_refused_by_name_and_the_first_ones_kept() {
        UploadLimits three = new UploadLimits(3, 1 << 20, 1 << 20, 200, 1024);
        try (StagedUpload upload = StagedUpload.create(root, three)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(upload.offerFile("outputs/f" + i, text("x" + i))).isEmpty();
            }
            assertThat(upload.offerFile("outputs/f4", text("x4"))).hasValueSatisfying(r -> assertThat(r).contains("3 files"));
            assertThat(upload.files()).extracting(StagedFile::path).containsExactly("outputs/f1", "outputs/f2", "outputs/f3");
        }
    }

    @Test
    void a_file_over_the_size_cap_is_refused_and_the_upload_stays_usable() {
        UploadLimits small = new UploadLimits(10, 100, 10, 200, 1024);
        try (StagedUpload upload = StagedUpload.create(root, small)) {
            assertThat(upload.offerFile("big.bin", text("01234567890123"))).isPresent();
            assertThat(upload.offerFile("ok.bin", text("0123"))).isEmpty();
            assertThat(upload.files()).extracting(StagedFile::path).containsExactly("ok.bin");
        }
    }

    @Test
    void names_are_stored_as_they_are_or_refused_never_changed() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            Optional<String> decomposed = upload.offerFile("cafe\u0301.txt", text("a"));
            assertThat(decomposed).hasValueSatisfying(r -> assertThat(r).contains("normal form"));
            assertThat(upload.offerFile("a\\b.txt", text("b"))).hasValueSatisfying(r -> assertThat(r).contains("backslash"));
            assertThat(upload.offerFile("new\nline", text("c"))).hasValueSatisfying(r -> assertThat(r).contains("control"));
            assertThat(upload.offerFile("bad\uFFFDname", text("d"))).hasValueSatisfying(r -> assertThat(r).contains("UTF-8"));
            assertThat(upload.offerFile("café.txt", text("e"))).isEmpty();
            assertThat(upload.files()).extracting(StagedFile::path).containsExactly("café.txt");
        }
    }
}
