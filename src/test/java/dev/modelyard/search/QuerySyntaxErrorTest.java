package dev.modelyard.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelyard.base.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every refusal, with the column it points at; the messages are shown to users as they are. */
class QuerySyntaxErrorTest {

    private static void assertError(String query, int column, String detail) {
        QuerySyntaxException e = catchThrowableOfType(() -> QueryParser.parse(query), QuerySyntaxException.class);
        assertThat(e).as("error for %s", query).isNotNull();
        assertThat(e.getMessage()).isEqualTo("at column " + column + ": " + detail);
        assertThat(e.position()).isEqualTo(column - 1);
    }

    @Test
    void errors_are_invalid_input_for_the_q_field() {
        QuerySyntaxException e = catchThrowableOfType(() -> QueryParser.parse(")"), QuerySyntaxException.class);

        assertThat(e).isInstanceOf(InvalidInputException.class);
        assertThat(e.field()).isEqualTo("q");
    }

    // --- parentheses

    @Test
    void a_closing_parenthesis_without_an_opening_one_is_unbalanced() {
        assertError(")", 1, "unbalanced ')'");
        assertError("a)", 2, "unbalanced ')'");
        assertError("(a) b)", 6, "unbalanced ')'");
    }

    @Test
    void an_opening_parenthesis_must_be_closed() {
        assertError("(a", 3, "expected ')' to close '(' at column 1");
        assertError("(team=fraud OR team=risk", 25, "expected ')' to close '(' at column 1");
        assertError("x ((a) b", 9, "expected ')' to close '(' at column 3");
        assertError("(", 2, "expected a term after '(' but the query ended");
    }

    @Test
    void empty_parentheses_are_refused() {
        assertError("()", 1, "empty parentheses '()'");
        assertError("a AND ( )", 7, "empty parentheses '()'");
    }

    // --- keywords without terms

    @Test
    void a_trailing_keyword_needs_a_term_after_it() {
        assertError("a AND", 6, "expected a term after 'AND' but the query ended");
        assertError("a or ", 6, "expected a term after 'or' but the query ended");
        assertError("a NOT", 6, "expected a term after 'NOT' but the query ended");
        assertError("NOT", 4, "expected a term after 'NOT' but the query ended");
    }

    @Test
    void a_leading_and_or_or_needs_a_term_before_it() {
        assertError("AND a", 1, "'AND' needs a term before it");
        assertError("or a", 1, "'or' needs a term before it");
        assertError("(OR a)", 2, "'OR' needs a term before it");
    }

    @Test
    void two_keywords_in_a_row_are_refused() {
        assertError("a AND AND b", 7, "expected a term after 'AND', found 'AND'");
        assertError("a OR AND b", 6, "expected a term after 'OR', found 'AND'");
        assertError("NOT OR b", 5, "expected a term after 'NOT', found 'OR'");
        assertError("(a AND)", 7, "expected a term after 'AND', found ')'");
        assertError("(NOT)", 5, "expected a term after 'NOT', found ')'");
    }

    // --- operators and values

    @Test
    void an_operator_needs_a_key_right_before_it() {
        assertError("=x", 1, "'=' needs a key right before it, as in key=value with no spaces");
        assertError("auc >= 0.9", 5, "'>=' needs a key right before it, as in key>=value with no spaces");
        assertError("a (!=b)", 4, "'!=' needs a key right before it, as in key!=value with no spaces");
    }

    @Test
    void a_value_must_follow_the_operator_directly() {
        assertError("team=", 6, "expected a value after '=' but the query ended");
        assertError("owner=Ali auc>=", 16, "expected a value after '>=' but the query ended");
        assertError("team= fraud", 6, "expected a value right after '=', found a space; quote values that contain spaces");
        assertError("(team=)", 7, "expected a value after '=', found ')'; quote values that contain parentheses");
        assertError("team=(a)", 6, "expected a value after '=', found '('; quote values that contain parentheses");
    }

    @Test
    void unknown_operators_list_the_known_ones() {
        assertError("owner=>x", 6, "unknown operator '=>'; use =, !=, ~, !~, >, >=, <, <=");
        assertError("a==b", 2, "unknown operator '=='; use =, !=, ~, !~, >, >=, <, <=");
        assertError("a<>b", 2, "unknown operator '<>'; use =, !=, ~, !~, >, >=, <, <=");
        assertError("a!b", 2, "unknown operator '!'; use =, !=, ~, !~, >, >=, <, <=");
        assertError("a=~b", 2, "unknown operator '=~'; use =, !=, ~, !~, >, >=, <, <=");
    }

    // --- quotes

    @Test
    void an_unterminated_quote_points_at_its_opening() {
        assertError("owner=\"Ali", 7, "unterminated quote; add a closing \"");
        assertError("'abc", 1, "unterminated quote; add a closing '");
        assertError("x=\"abc\\\"", 3, "unterminated quote; add a closing \"");
        assertError("x=\"abc\\", 3, "unterminated quote; add a closing \"");
    }

    @Test
    void only_quotes_and_backslash_may_be_escaped() {
        assertError("x=\"C:\\models\"", 6,
                "unknown escape '\\m'; inside quotes write \\\" or \\' for a quote and \\\\ for a backslash");
    }

    @Test
    void quotes_do_not_glue_onto_words() {
        assertError("abc\"def\"", 4, "a quote cannot start in the middle of a word or value; "
                + "quote the whole of it or put a space before the quote");
        assertError("owner=O'Brien'", 8, "a quote cannot start in the middle of a word or value; "
                + "quote the whole of it or put a space before the quote");
        assertError("\"abc\"def", 6, "expected a space after the closing quote");
        assertError("x=\"a\"\"b\"", 6, "expected a space after the closing quote");
    }

    @Test
    void empty_quotes_are_no_search() {
        assertError("a \"\"", 3, "empty quotes; put the text to search for between them");
    }

    @Test
    void a_term_may_not_run_into_an_opening_parenthesis() {
        assertError("fraud(x)", 6, "expected a space before '('; quote values that contain parentheses");
        assertError("x=f(1)", 4, "expected a space before '('; quote values that contain parentheses");
        assertError("\"a\"(b)", 4, "expected a space before '('; quote values that contain parentheses");
    }

    @Test
    void control_characters_are_refused_even_inside_quotes() {
        assertError("a\u0000b", 2, "control character U+0000 is not allowed");
        assertError("\u0007", 1, "control character U+0007 is not allowed");
        assertError("x=\"a\u0001\"", 5, "control character U+0001 is not allowed");
        assertError("x=\"a\tb\"", 5, "control character U+0009 is not allowed");
    }

    // --- keys

    @Test
    void unquoted_tag_keys_must_follow_the_registry_rule() {
        String rule = "use up to 128 letters, digits, '_', '.', ':', '/' or '-', starting with a letter, digit or '_'";
        assertError("a$b=1", 1, "invalid tag key 'a$b': " + rule);
        assertError("x -a=1", 3, "invalid tag key '-a': " + rule);
        assertError("é=1", 1, "invalid tag key 'é': " + rule);
        assertError("k".repeat(129) + "=1", 1, "invalid tag key '" + "k".repeat(60) + "…': " + rule);
        assertError("tag:.x=1", 5, "invalid tag key '.x': " + rule);
        assertError("has:a*", 5, "invalid tag key 'a*': " + rule);
    }

    @Test
    void quoted_tag_keys_must_not_be_empty_or_too_long() {
        assertError("\"\"=1", 1, "empty tag key");
        assertError("has:''", 5, "empty tag key");
        assertError("'" + "k".repeat(129) + "'=1", 1, "a tag key has at most 128 characters");
    }

    @Test
    void has_and_tag_prefixes_need_a_key_and_are_used_each_its_own_way() {
        assertError("has:", 5, "expected a tag key after 'has:'");
        assertError("a has: b", 7, "expected a tag key after 'has:'");
        assertError("tag:=x", 5, "expected a tag key after 'tag:'");
        assertError("has:stage=prod", 1, "has: takes a tag key and no operator; "
                + "write has:key to test that a tag exists, or key=value to compare its value");
        assertError("has:\"k\"=1", 1, "has: takes a tag key and no operator; "
                + "write has:key to test that a tag exists, or key=value to compare its value");
        assertError("tag:stage", 1, "tag: needs an operator after the key, as in tag:name=value; "
                + "write has:key to test that a tag exists");
        assertError("tag:\"my key\"", 1, "tag: needs an operator after the key, as in tag:name=value; "
                + "write has:key to test that a tag exists");
    }

    // --- numbers

    @Test
    void ordering_a_tag_needs_a_number() {
        assertError("auc>=abc", 6, "expected a number after '>=', found 'abc'");
        assertError("auc<.5", 5, "expected a number after '<', found '.5'");
        assertError("auc<5.", 5, "expected a number after '<', found '5.'");
        assertError("auc>+1", 5, "expected a number after '>', found '+1'");
        assertError("auc>NaN", 5, "expected a number after '>', found 'NaN'");
        assertError("auc>Infinity", 5, "expected a number after '>', found 'Infinity'");
        assertError("auc>0x10", 5, "expected a number after '>', found '0x10'");
        assertError("auc>1,5", 5, "expected a number after '>', found '1,5'");
        assertError("auc>\"\"", 5, "expected a number after '>', found ''");
        assertError("auc>1e999", 5, "number '1e999' is too large");
    }

    // --- built-in fields

    @Test
    void text_fields_take_no_ordering() {
        assertError("name>=b", 5, "'name' takes =, !=, ~ or !~, not '>='");
        assertError("type<x", 5, "'type' takes =, !=, ~ or !~, not '<'");
        assertError("createdBy>a", 10, "'createdBy' takes =, !=, ~ or !~, not '>'");
    }

    @Test
    void type_must_be_a_known_model_type() {
        assertError("type=sklearn", 6, "unknown model type 'sklearn'; use mlflow_model, custom_model, triton_model");
        assertError("type!=MLFLOW_MODEL", 7,
                "unknown model type 'MLFLOW_MODEL'; use mlflow_model, custom_model, triton_model");
    }

    @Test
    void created_takes_no_glob() {
        assertError("created~2026*", 8, "'created' takes =, !=, >, >=, < or <=, not '~'");
        assertError("created!~x", 8, "'created' takes =, !=, >, >=, < or <=, not '!~'");
    }

    @Test
    void created_needs_a_valid_date_or_instant() {
        String expected = "expected a date (2026-01-31) or an instant (2026-01-31T10:00:00Z) after ";
        assertError("created>=yesterday", 10, expected + "'>=', found 'yesterday'");
        assertError("created<2026-1-1", 9, expected + "'<', found '2026-1-1'");
        assertError("created<1700000000", 9, expected + "'<', found '1700000000'");
        assertError("created>=2026-02-30", 10, "'2026-02-30' is not a valid date");
        assertError("created>=2026-13-01", 10, "'2026-13-01' is not a valid date");
        assertError("created>2026-11-27T10:00:00", 9,
                "'2026-11-27T10:00:00' has no time zone; add Z for UTC or an offset such as +02:00");
    }

    @Test
    void created_equality_with_a_date_is_refused_because_a_date_is_a_whole_day() {
        assertError("created=2026-01-01", 8, "compare a date with >, >=, < or <=; "
                + "for that whole day write created>=2026-01-01 created<2026-01-02");
        assertError("created!=2026-12-31", 8, "compare a date with >, >=, < or <=; "
                + "for that whole day write created>=2026-12-31 created<2027-01-01");
    }

    // --- limits

    @Test
    void too_long_input_is_refused_before_it_is_read() {
        assertError("a".repeat(QueryParser.MAX_LENGTH + 1), 2001, "a query has at most 2000 characters");
        assertError("(".repeat(100_000), 2001, "a query has at most 2000 characters");
    }

    @Test
    @Timeout(5)
    void too_deep_nesting_fails_fast_without_overflowing_the_stack() {
        assertError("(".repeat(QueryParser.MAX_DEPTH + 1) + "a" + ")".repeat(QueryParser.MAX_DEPTH + 1), 33,
                "more than 32 levels of parentheses and NOT");
        assertError("NOT ".repeat(QueryParser.MAX_DEPTH + 1) + "a", 129, "more than 32 levels of parentheses and NOT");
        assertError("(NOT ".repeat(20) + "a", 81, "more than 32 levels of parentheses and NOT");
        assertThatThrownBy(() -> QueryParser.parse("(".repeat(10_000))).isInstanceOf(QuerySyntaxException.class);
    }

    @Test
    void ten_thousand_opening_parentheses_within_the_length_limit_fail_at_the_limit_depth() {
        // The length check would catch 10,000 first; the depth limit must catch what fits in 2,000 just as fast.
        long started = System.nanoTime();
        assertError("(".repeat(QueryParser.MAX_LENGTH), 33, "more than 32 levels of parentheses and NOT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void too_many_terms_are_refused_at_the_first_term_too_many() {
        assertError("a ".repeat(QueryParser.MAX_TERMS) + "b", 129, "a query has at most 64 terms");
        assertError("x=1 OR ".repeat(QueryParser.MAX_TERMS) + "y", 449, "a query has at most 64 terms");
    }

    @Test
    void the_leftmost_problem_is_reported() {
        assertError(") \"abc", 1, "unbalanced ')'");
        assertError("auc>=x type=bad", 6, "expected a number after '>=', found 'x'");
    }
}
