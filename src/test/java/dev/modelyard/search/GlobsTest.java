package dev.modelyard.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.search.QueryNode.TagCompare;
import org.junit.jupiter.api.Test;

class GlobsTest {

    @Test
    void star_and_question_mark_become_like_wildcards() {
        assertThat(Globs.toLikePattern("ali*")).isEqualTo("ali%");
        assertThat(Globs.toLikePattern("a?c")).isEqualTo("a_c");
        assertThat(Globs.toLikePattern("*")).isEqualTo("%");
        assertThat(Globs.toLikePattern("**??")).isEqualTo("%%__");
    }

    @Test
    void like_wildcards_and_the_escape_char_in_the_input_are_escaped() {
        assertThat(Globs.toLikePattern("a_b%")).isEqualTo("a\\_b\\%");
        assertThat(Globs.toLikePattern("%")).isEqualTo("\\%");
        assertThat(Globs.toLikePattern("C:\\x")).isEqualTo("C:\\\\x");
        assertThat(Globs.toLikePattern("100%*")).isEqualTo("100\\%%");
    }

    @Test
    void text_without_wildcards_is_unchanged() {
        assertThat(Globs.toLikePattern("")).isEqualTo("");
        assertThat(Globs.toLikePattern("fraud-v2.1 'x' [y]")).isEqualTo("fraud-v2.1 'x' [y]");
        assertThat(Globs.toLikePattern("モデル🚀")).isEqualTo("モデル🚀");
    }

    @Test
    void a_parsed_glob_value_goes_through_escaped() {
        var node = (TagCompare) Nodes.parse("owner~a_b%");

        assertThat(Globs.toLikePattern(node.value())).isEqualTo("a\\_b\\%");
    }

    @Test
    void a_parsed_equals_value_is_escaped_when_used_as_a_pattern() {
        var node = (TagCompare) Nodes.parse("team=%");

        assertThat(node.value()).isEqualTo("%");
        assertThat(Globs.toLikePattern(node.value())).isEqualTo("\\%");
    }
}
