package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.base.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UploadPathsTest {

    /** Characters that must never reach a log line or a dialog unescaped. */
    static final String INVISIBLE = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]";

    @ParameterizedTest
    @ValueSource(strings = {"MLmodel", "model/model.pkl", "simple/1/model.onnx", "a b/c-d_e.f", "...", "a..b",
            ".hidden", "modèle/权重.bin"})
    void acceptsOrdinaryRelativePathsUnchanged(String path) {
        assertThat(UploadPaths.normalize(path)).isEqualTo(path);
    }

    @Test
    void composesUnicodeToNfc() {
        assertThat(UploadPaths.normalize("cafe\u0301/x")).isEqualTo("caf\u00e9/x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/etc/passwd | absolute",
            "a\\b | backslash",
            "..\\evil | backslash",
            "C:x | drive letter",
            "c:/x | drive letter",
            "../evil | '..'",
            "a/../../b | '..'",
            "a/.. | '..'",
            "./a | starts with '.'",
            "a/./b | '.' segment",
            "a/. | '.' segment",
            "a//b | empty folder name",
            "a/ | ends with '/'",
    })
    void rejectsHostileNamesSayingWhy(String raw, String reason) {
        assertThatThrownBy(() -> UploadPaths.normalize(raw))
                .isInstanceOf(InvalidUploadException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("'" + raw + "'");
    }

    @Test
    void rejectsMissingEmptyAndBlankNames() {
        assertThatThrownBy(() -> UploadPaths.normalize(null)).isInstanceOf(InvalidUploadException.class);
        assertThatThrownBy(() -> UploadPaths.normalize("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> UploadPaths.normalize("  ")).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "\tx", "x\u007f", "x\u0085", "a\u2028b", "evil\u202Etxt.exe",
            "a\uD800b"})
    void rejectsControlAndInvisibleCharactersWithoutEchoingThem(String raw) {
        assertThatThrownBy(() -> UploadPaths.normalize(raw))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessageContaining("character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern(INVISIBLE).contains("\\u"));
    }

    @Test
    void rejectsASegmentLongerThan255Characters() {
        assertThat(UploadPaths.normalize("a/" + "x".repeat(255))).endsWith("x");
        assertThatThrownBy(() -> UploadPaths.normalize("a/" + "x".repeat(256)))
                .hasMessageContaining("longer than 255 characters");
    }

    @Test
    void rejectsAPathLongerThanTheLimit() {
        String exactly = ("x".repeat(99) + "/").repeat(10) + "y".repeat(24);
        assertThat(exactly).hasSize(1024);
        assertThat(UploadPaths.normalize(exactly)).isEqualTo(exactly);
        assertThatThrownBy(() -> UploadPaths.normalize(exactly + "z"))
                .hasMessageContaining("longer than 1024 characters");
        assertThatThrownBy(() -> UploadPaths.normalize("abcdef", 5)).hasMessageContaining("longer than 5");
    }

    @Test
    void shortensVeryLongNamesInMessages() {
        String raw = "../" + "x".repeat(5000);
        assertThatThrownBy(() -> UploadPaths.normalize(raw))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("…"));
    }
}
