package dev.modelyard.jobs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogTextTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_character_split_between_chunks_is_decoded_whole() {
        LogText text = new LogText();
        byte[] bytes = utf8("grüße\n");
        text.append(Arrays.copyOfRange(bytes, 0, 3));
        text.append(Arrays.copyOfRange(bytes, 3, bytes.length));

        assertThat(text.text()).isEqualTo("grüße\n");
    }

    @Test
    void the_page_receives_only_what_was_appended_since_it_last_asked() {
        LogText text = new LogText();
        text.append(utf8("one\n"));
        assertThat(text.take()).isEqualTo(new LogText.Update(false, "one\n"));
        assertThat(text.take()).isNull();
        text.append(utf8("two\n"));
        assertThat(text.hasUpdate()).isTrue();
        assertThat(text.take()).isEqualTo(new LogText.Update(false, "two\n"));
    }

    @Test
    void past_the_limit_only_the_last_lines_are_kept_and_the_page_replaces_its_copy() {
        LogText text = new LogText(100, 40);
        for (int i = 0; i < 20; i++) {
            text.append(utf8("line " + (i < 10 ? "0" : "") + i + "\n"));
        }

        LogText.Update update = text.take();
        assertThat(update.replace()).isTrue();
        assertThat(update.text()).startsWith("line ").endsWith("line 19\n").hasSizeLessThanOrEqualTo(100);
        assertThat(text.isCut()).isTrue();
        text.append(utf8("line 20\n"));
        assertThat(text.take()).isEqualTo(new LogText.Update(false, "line 20\n"));
    }

    @Test
    void a_log_read_from_the_middle_starts_at_the_next_line() {
        LogText text = new LogText();
        text.startsMidway();
        text.append(utf8("tial line"));
        text.append(utf8("\nwhole line\n"));

        assertThat(text.text()).isEqualTo("whole line\n");
        assertThat(text.isCut()).isTrue();
    }
}
