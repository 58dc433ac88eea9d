package dev.modelyard.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The non-backtracking form of a glob ({@link Globs#toRegex}) matches exactly what the glob means, checked against
 * a plain dynamic-programming glob matcher on many random globs and values over a small alphabet (where the
 * leftmost-segment choice is most often tested), and the worst glob stays linear.
 */
class GlobRegexTest {

    @Test
    void the_regex_form_agrees_with_the_meaning_of_the_glob() {
        Random random = new Random(42);
        String alphabet = "ab?*";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomText(random, alphabet, 1 + random.nextInt(8));
            String value = randomText(random, "ab", random.nextInt(10));
            boolean expected = reference(glob, value);
            boolean actual = Pattern.compile(Globs.toRegex(glob), Pattern.DOTALL).matcher(value).find();
            assertThat(actual).as("glob %s against %s (regex %s)", glob, value, Globs.toRegex(glob)).isEqualTo(expected);
        }
    }

    @Test
    void literal_text_is_quoted_and_only_star_and_question_mark_are_wildcards() {
        assertThat(matches("a.b*", "a.bc")).isTrue();
        assertThat(matches("a.b*", "axbc")).isFalse();
        assertThat(matches("*\\E(*", "x\\E(y")).isTrue();
        assertThat(matches("*[a]*", "x[a]y")).isTrue();
        assertThat(matches("*line*", "two\nlines")).isTrue();
    }

    @Test
    void only_globs_that_would_make_like_backtrack_take_the_regex_form() {
        assertThat(Globs.backtracks("ali*")).isFalse();
        assertThat(Globs.backtracks("*ali")).isFalse();
        assertThat(Globs.backtracks("*ali*")).isFalse();
        assertThat(Globs.backtracks("a*b")).isFalse();
        assertThat(Globs.backtracks("**ali**")).isFalse();
        assertThat(Globs.backtracks("*a*b")).isTrue();
        assertThat(Globs.backtracks("a*b*c")).isTrue();
        assertThat(Globs.backtracks("*a*a*a*a*a*b")).isTrue();
    }

    @Test
    void the_worst_glob_is_decided_without_exponential_work() {
        String value = "a".repeat(5000) + "c";
        String worst = "*a".repeat(40) + "*b";
        // a backtracking matcher would need 5000^40 steps here; this returns at once or not at all
        assertThat(matches(worst, value)).isFalse();
        assertThat(matches("*a".repeat(40) + "*c", value)).isTrue();
    }

    private static boolean matches(String glob, String value) {
        return Pattern.compile(Globs.toRegex(glob), Pattern.DOTALL).matcher(value).find();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Textbook glob matching by dynamic programming: obviously right, quadratic, only for tests. */
    private static boolean reference(String glob, String value) {
        boolean[][] m = new boolean[glob.length() + 1][value.length() + 1];
        m[0][0] = true;
        for (int g = 1; g <= glob.length(); g++) {
            char c = glob.charAt(g - 1);
            m[g][0] = m[g - 1][0] && c == '*';
            for (int v = 1; v <= value.length(); v++) {
                m[g][v] = switch (c) {
                    case '*' -> m[g - 1][v] || m[g][v - 1];
                    case '?' -> m[g - 1][v - 1];
                    default -> m[g - 1][v - 1] && value.charAt(v - 1) == c;
                };
            }
        }
        return m[glob.length()][value.length()];
    }
}
