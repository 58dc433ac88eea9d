package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.base.InvalidInputException;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void spaces_and_tabs_separate_plain_arguments() {
        assertThat(CommandLine.split("python train.py --training_data diabetes.csv"))
                .containsExactly("python", "train.py", "--training_data", "diabetes.csv");
        assertThat(CommandLine.split("  a \t\tb  ")).containsExactly("a", "b");
    }

    @Test
    void single_quotes_keep_everything_literal() {
        assertThat(CommandLine.split("echo 'two  words' 'a\\b' 'say \"hi\"'"))
                .containsExactly("echo", "two  words", "a\\b", "say \"hi\"");
    }

    @Test
    void double_quotes_allow_escaped_quote_and_backslash_only() {
        assertThat(CommandLine.split("echo \"two  words\" \"a\\\"b\" \"c\\\\d\" \"e\\nf\""))
                .containsExactly("echo", "two  words", "a\"b", "c\\d", "e\\nf");
    }

    @Test
    void outside_quotes_a_backslash_escapes_the_next_character() {
        assertThat(CommandLine.split("a\\ b c\\'d e\\\"f g\\\\h \\x"))
                .containsExactly("a b", "c'd", "e\"f", "g\\h", "x");
    }

    @Test
    void quoted_and_plain_parts_next_to_each_other_make_one_argument() {
        assertThat(CommandLine.split("--name='my model'\"s\" x")).containsExactly("--name=my models", "x");
    }

    @Test
    void empty_quotes_are_empty_arguments() {
        assertThat(CommandLine.split("a '' \"\" b")).containsExactly("a", "", "", "b");
        assertThat(CommandLine.split("''")).containsExactly("");
    }

    @Test
    void a_semicolon_does_not_chain_commands() {
        assertThat(CommandLine.split("a;rm -rf /")).containsExactly("a;rm", "-rf", "/");
    }

    @Test
    void substitutions_stay_literal_single_arguments() {
        assertThat(CommandLine.split("echo $(id)")).containsExactly("echo", "$(id)");
        assertThat(CommandLine.split("echo `id`")).containsExactly("echo", "`id`");
        assertThat(CommandLine.split("echo ${HOME} $PATH ~ *.csv"))
                .containsExactly("echo", "${HOME}", "$PATH", "~", "*.csv");
        assertThat(CommandLine.split("echo \"$(id)\"")).containsExactly("echo", "$(id)");
    }

    @Test
    void operators_stay_literal() {
        assertThat(CommandLine.split("a&&b")).containsExactly("a&&b");
        assertThat(CommandLine.split("a|b")).containsExactly("a|b");
        assertThat(CommandLine.split("a & b || c")).containsExactly("a", "&", "b", "||", "c");
        assertThat(CommandLine.split("a > b")).containsExactly("a", ">", "b");
        assertThat(CommandLine.split("a<b 2>&1")).containsExactly("a<b", "2>&1");
    }

    @Test
    void a_newline_inside_an_unquoted_word_stays_inside_that_argument() {
        assertThat(CommandLine.split("python a\nrm -rf /")).containsExactly("python", "a\nrm", "-rf", "/");
        assertThat(CommandLine.split("a \n b")).containsExactly("a", "\n", "b");
    }

    @Test
    void the_result_cannot_be_modified() {
        assertThatThrownBy(() -> CommandLine.split("a b").add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void an_empty_or_blank_command_is_refused() {
        assertRefused(null, "at column 1: the command is empty");
        assertRefused("", "at column 1: the command is empty");
        assertRefused(" \t ", "at column 1: the command is blank");
    }

    @Test
    void an_unterminated_quote_is_refused_at_the_column_that_opened_it() {
        assertRefused("echo 'abc", "at column 6: the ' quote opened here is never closed");
        assertRefused("echo ok \"abc\\\"", "at column 9: the \" quote opened here is never closed");
        assertRefused("\"", "at column 1: the \" quote opened here is never closed");
    }

    @Test
    void a_trailing_backslash_is_refused() {
        assertRefused("echo abc\\", "at column 9: the backslash at the end escapes nothing");
    }

    @Test
    void a_nul_character_is_refused_even_inside_quotes() {
        assertRefused("echo 'a\0b'", "at column 8: the command contains a NUL character");
    }

    @Test
    void a_command_of_8192_characters_is_accepted_and_one_more_is_refused() {
        String longest = "x".repeat(CommandLine.MAX_LENGTH);
        assertThat(CommandLine.split(longest)).containsExactly(longest);

        assertRefused(longest + "y", "at column 8193: the command is longer than 8192 characters");
    }

    @Test
    void a_command_of_1024_arguments_is_accepted_and_one_more_is_refused() {
        String most = "a ".repeat(CommandLine.MAX_ARGUMENTS);
        assertThat(CommandLine.split(most)).hasSize(1024);

        assertRefused(most + "b", "at column 2049: the command has more than 1024 arguments");
        assertThat(CommandLine.split(most + "   ")).hasSize(1024);
    }

    private static void assertRefused(String command, String messageStart) {
        assertThatThrownBy(() -> CommandLine.split(command))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("command");
                    assertThat(e.getMessage()).startsWith(messageStart);
                });
    }
}
