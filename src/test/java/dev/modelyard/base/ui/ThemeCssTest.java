package dev.modelyard.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The theme is plain CSS that no build step checks; a lost brace silently kills every rule after it (it
 * happened once, in a merge). This keeps the file well-formed at the block level.
 */
class ThemeCssTest {

    @Test
    void every_block_and_comment_of_the_theme_is_closed() throws IOException {
        String css = Files.readString(Path.of("frontend", "themes", "modelyard", "styles.css"));
        String withoutComments = css.replaceAll("(?s)/\\*.*?\\*/", "");
        assertThat(withoutComments).doesNotContain("/*").doesNotContain("*/");

        int depth = 0;
        int line = 1;
        for (char c : withoutComments.toCharArray()) {
            if (c == '\n') {
                line++;
            } else if (c == '{') {
                depth++;
                assertThat(depth).as("a rule opened inside another rule near line %d", line).isLessThanOrEqualTo(1);
            } else if (c == '}') {
                depth--;
                assertThat(depth).as("a '}' without its '{' near line %d", line).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(depth).as("rules left open at the end").isZero();
    }
}
