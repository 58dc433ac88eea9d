package dev.modelyard.search;

import static dev.modelyard.search.Nodes.and;
import static dev.modelyard.search.Nodes.created;
import static dev.modelyard.search.Nodes.field;
import static dev.modelyard.search.Nodes.has;
import static dev.modelyard.search.Nodes.not;
import static dev.modelyard.search.Nodes.number;
import static dev.modelyard.search.Nodes.or;
import static dev.modelyard.search.Nodes.parse;
import static dev.modelyard.search.Nodes.tag;
import static dev.modelyard.search.Nodes.text;
import static dev.modelyard.search.QueryNode.Field.CREATED_BY;
import static dev.modelyard.search.QueryNode.Field.NAME;
import static dev.modelyard.search.QueryNode.Field.TYPE;
import static dev.modelyard.search.QueryNode.Op.EQ;
import static dev.modelyard.search.QueryNode.Op.GE;
import static dev.modelyard.search.QueryNode.Op.GLOB;
import static dev.modelyard.search.QueryNode.Op.GT;
import static dev.modelyard.search.QueryNode.Op.LE;
import static dev.modelyard.search.QueryNode.Op.LT;
import static dev.modelyard.search.QueryNode.Op.NE;
import static dev.modelyard.search.QueryNode.Op.NOT_GLOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.models.ModelType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every valid form of the query language and the tree it gives. */
class QueryParserTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n  ", "\u00A0\u2003"})
    void blank_input_matches_everything(String query) {
        assertThat(QueryParser.parse(query)).isEmpty();
    }

    // --- tag comparisons

    @Test
    void tag_equals_and_not_equals_compare_text() {
        assertThat(parse("team=fraud")).isEqualTo(tag("team", EQ, "fraud"));
        assertThat(parse("team!=risk")).isEqualTo(tag("team", NE, "risk"));
    }

    @Test
    void tilde_is_a_glob_and_bang_tilde_its_negation() {
        assertThat(parse("owner~ali*")).isEqualTo(tag("owner", GLOB, "ali*"));
        assertThat(parse("owner!~a?i")).isEqualTo(tag("owner", NOT_GLOB, "a?i"));
    }

    @Test
    void ordering_operators_compare_tags_as_numbers() {
        assertThat(parse("auc>=0.9")).isEqualTo(number("auc", GE, 0.9));
        assertThat(parse("auc<0.5")).isEqualTo(number("auc", LT, 0.5));
        assertThat(parse("epochs>10")).isEqualTo(number("epochs", GT, 10));
        assertThat(parse("loss<=1")).isEqualTo(number("loss", LE, 1));
    }

    @Test
    void equals_with_a_numeric_value_stays_a_text_comparison() {
        assertThat(parse("auc=0.9")).isEqualTo(tag("auc", EQ, "0.9"));
        assertThat(parse("auc!=0.90")).isEqualTo(tag("auc", NE, "0.90"));
    }

    @Test
    void numbers_may_be_negative_fractional_or_have_an_exponent() {
        assertThat(parse("x>1e3")).isEqualTo(number("x", GT, 1000));
        assertThat(parse("x>1E-3")).isEqualTo(number("x", GT, 0.001));
        assertThat(parse("x>2.5e+2")).isEqualTo(number("x", GT, 250));
        assertThat(parse("x>-0.5")).isEqualTo(number("x", GT, -0.5));
        assertThat(parse("x>007")).isEqualTo(number("x", GT, 7));
        assertThat(parse("x>\"0.25\"")).isEqualTo(number("x", GT, 0.25));
    }

    @Test
    void minus_zero_and_zero_are_the_same_number() {
        assertThat(parse("x>-0")).isEqualTo(parse("x>0"));
    }

    @Test
    void tag_keys_use_letters_digits_and_underscore_dot_colon_slash_dash() {
        assertThat(parse("mlflow.runName=abc")).isEqualTo(tag("mlflow.runName", "abc"));
        assertThat(parse("k8s/ns:x-y_z=1")).isEqualTo(tag("k8s/ns:x-y_z", "1"));
        assertThat(parse("_private=1")).isEqualTo(tag("_private", "1"));
        assertThat(parse("9lives=1")).isEqualTo(tag("9lives", "1"));
        assertThat(parse("k".repeat(128) + "=1")).isEqualTo(tag("k".repeat(128), "1"));
    }

    @Test
    void unquoted_values_run_to_the_next_space_or_parenthesis_and_may_contain_operator_characters() {
        assertThat(parse("x=a=b")).isEqualTo(tag("x", "a=b"));
        assertThat(parse("x=a!~b<c>")).isEqualTo(tag("x", "a!~b<c>"));
        assertThat(parse("url=https://example.com/a?b=c&d")).isEqualTo(tag("url", "https://example.com/a?b=c&d"));
        assertThat(parse("(x=a)")).isEqualTo(tag("x", "a"));
        assertThat(parse("path=C:\\models\\x")).isEqualTo(tag("path", "C:\\models\\x"));
    }

    @Test
    void keywords_touching_an_operator_are_tag_keys() {
        assertThat(parse("not=1")).isEqualTo(tag("not", "1"));
        assertThat(parse("AND=x OR=y")).isEqualTo(and(tag("AND", "x"), tag("OR", "y")));
    }

    @Test
    void a_keyword_right_after_an_operator_is_a_value() {
        assertThat(parse("flag=NOT")).isEqualTo(tag("flag", "NOT"));
        assertThat(parse("a=or OR b=and")).isEqualTo(or(tag("a", "or"), tag("b", "and")));
    }

    // --- tag existence

    @Test
    void has_prefix_tests_that_a_tag_exists() {
        assertThat(parse("has:stage")).isEqualTo(has("stage"));
        assertThat(parse("has:\"my key\"")).isEqualTo(has("my key"));
        assertThat(parse("has:name")).isEqualTo(has("name"));
        assertThat(parse("has:tag:x")).isEqualTo(has("tag:x"));
    }

    @Test
    void bare_star_after_equals_means_the_tag_exists_and_after_not_equals_that_it_does_not() {
        assertThat(parse("stage=*")).isEqualTo(has("stage"));
        assertThat(parse("stage!=*")).isEqualTo(not(has("stage")));
    }

    @Test
    void a_quoted_star_or_a_glob_star_stays_a_comparison() {
        assertThat(parse("stage=\"*\"")).isEqualTo(tag("stage", "*"));
        assertThat(parse("stage~*")).isEqualTo(tag("stage", GLOB, "*"));
    }

    // --- free text

    @Test
    void a_bare_word_is_free_text() {
        assertThat(parse("fraud")).isEqualTo(text("fraud"));
        assertThat(parse("stage")).isEqualTo(text("stage"));
        assertThat(parse("name")).isEqualTo(text("name"));
        assertThat(parse("http://x/y")).isEqualTo(text("http://x/y"));
        assertThat(parse("*")).isEqualTo(text("*"));
        assertThat(parse("HAS:x")).isEqualTo(text("HAS:x"));
    }

    @Test
    void a_quoted_string_without_an_operator_is_free_text() {
        assertThat(parse("\"fraud model\"")).isEqualTo(text("fraud model"));
        assertThat(parse("'fraud model'")).isEqualTo(text("fraud model"));
        assertThat(parse("\"and\"")).isEqualTo(text("and"));
        assertThat(parse("\"has:x\"")).isEqualTo(text("has:x"));
        assertThat(parse("\"a=b\"")).isEqualTo(text("a=b"));
    }

    // --- quoting

    @Test
    void quoted_values_keep_spaces_parentheses_and_operator_characters() {
        assertThat(parse("owner=\"Ali Baba\"")).isEqualTo(tag("owner", "Ali Baba"));
        assertThat(parse("owner='Ali Baba'")).isEqualTo(tag("owner", "Ali Baba"));
        assertThat(parse("x=\"(a OR b)\"")).isEqualTo(tag("x", "(a OR b)"));
        assertThat(parse("x=\"=a\"")).isEqualTo(tag("x", "=a"));
        assertThat(parse("x=\"\"")).isEqualTo(tag("x", ""));
    }

    @Test
    void backslash_escapes_quotes_and_itself_inside_quotes() {
        assertThat(parse("x=\"say \\\"hi\\\"\"")).isEqualTo(tag("x", "say \"hi\""));
        assertThat(parse("x='it\\'s'")).isEqualTo(tag("x", "it's"));
        assertThat(parse("x=\"a\\\\b\"")).isEqualTo(tag("x", "a\\b"));
        assertThat(parse("x=\"it\\'s\"")).isEqualTo(tag("x", "it's"));
    }

    @Test
    void the_other_quote_needs_no_escape() {
        assertThat(parse("owner=\"O'Brien\"")).isEqualTo(tag("owner", "O'Brien"));
        assertThat(parse("x='say \"hi\"'")).isEqualTo(tag("x", "say \"hi\""));
    }

    @Test
    void a_quoted_key_is_always_a_tag_and_may_hold_any_character() {
        assertThat(parse("\"my key\"=x")).isEqualTo(tag("my key", "x"));
        assertThat(parse("'name'=x")).isEqualTo(tag("name", "x"));
        assertThat(parse("\"créé\"~a*")).isEqualTo(tag("créé", GLOB, "a*"));
        assertThat(parse("\"score\">=3")).isEqualTo(number("score", GE, 3));
    }

    // --- built-in fields and the tag: prefix

    @Test
    void built_in_text_fields_take_equals_and_globs() {
        assertThat(parse("name~fraud*")).isEqualTo(field(NAME, GLOB, "fraud*"));
        assertThat(parse("name!=x")).isEqualTo(field(NAME, NE, "x"));
        assertThat(parse("type=mlflow_model")).isEqualTo(field(TYPE, EQ, "mlflow_model"));
        assertThat(parse("type!=triton_model")).isEqualTo(field(TYPE, NE, "triton_model"));
        assertThat(parse("type~*_model")).isEqualTo(field(TYPE, GLOB, "*_model"));
        assertThat(parse("createdBy=alice")).isEqualTo(field(CREATED_BY, EQ, "alice"));
        assertThat(parse("createdBy!~bot-*")).isEqualTo(field(CREATED_BY, NOT_GLOB, "bot-*"));
    }

    @Test
    void every_registry_model_type_is_accepted() {
        for (ModelType type : ModelType.values()) {
            assertThat(parse("type=" + type.wireName())).isEqualTo(field(TYPE, EQ, type.wireName()));
        }
        assertThat(Conditions.MODEL_TYPES)
                .containsExactlyElementsOf(Arrays.stream(ModelType.values()).map(ModelType::wireName).toList());
    }

    @Test
    void field_names_are_case_sensitive_so_other_spellings_are_tags() {
        assertThat(parse("Name=x")).isEqualTo(tag("Name", "x"));
        assertThat(parse("createdby=x")).isEqualTo(tag("createdby", "x"));
        assertThat(parse("CREATED>5")).isEqualTo(number("CREATED", GT, 5));
    }

    @Test
    void tag_prefix_reaches_a_tag_named_like_a_built_in_field() {
        assertThat(parse("tag:name=x")).isEqualTo(tag("name", "x"));
        assertThat(parse("tag:created>=3")).isEqualTo(number("created", GE, 3));
        assertThat(parse("tag:type=anything")).isEqualTo(tag("type", "anything"));
        assertThat(parse("tag:team=fraud")).isEqualTo(tag("team", "fraud"));
        assertThat(parse("tag:\"my key\"=x")).isEqualTo(tag("my key", "x"));
        assertThat(parse("tag:tag:x=1")).isEqualTo(tag("tag:x", "1"));
        assertThat(parse("tag:has:x=1")).isEqualTo(tag("has:x", "1"));
        assertThat(parse("tag:stage=*")).isEqualTo(has("stage"));
    }

    @Test
    void created_takes_a_date_as_the_start_of_that_day_in_utc() {
        assertThat(parse("created>=2026-01-01")).isEqualTo(created(GE, "2026-01-01T00:00:00Z"));
        assertThat(parse("created<2026-02-28")).isEqualTo(created(LT, "2026-02-28T00:00:00Z"));
        assertThat(parse("created>2024-02-29")).isEqualTo(created(GT, "2024-02-29T00:00:00Z"));
        assertThat(parse("created<='2026-03-01'")).isEqualTo(created(LE, "2026-03-01T00:00:00Z"));
    }

    @Test
    void created_takes_instants_with_z_or_an_offset() {
        assertThat(parse("created<2026-11-27T10:00:00Z")).isEqualTo(created(LT, "2026-11-27T10:00:00Z"));
        assertThat(parse("created>=2026-11-27T10:00Z")).isEqualTo(created(GE, "2026-11-27T10:00:00Z"));
        assertThat(parse("created>2026-11-27T12:00:00+02:00")).isEqualTo(created(GT, "2026-11-27T10:00:00Z"));
        assertThat(parse("created>2026-11-27T10:00:00.123456789Z")).isEqualTo(created(GT, "2026-11-27T10:00:00.123456789Z"));
    }

    @Test
    void created_equality_takes_an_instant() {
        assertThat(parse("created=2026-11-27T10:00:00Z")).isEqualTo(created(EQ, "2026-11-27T10:00:00Z"));
        assertThat(parse("created!=2026-11-27T10:00:00Z")).isEqualTo(created(NE, "2026-11-27T10:00:00Z"));
    }

    // --- boolean structure

    @Test
    void the_brief_example_parses_to_a_flat_tree() {
        assertThat(parse("(team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9")).isEqualTo(and(
                or(tag("team", "fraud"), tag("team", "risk")),
                not(tag("stage", "archived")),
                number("auc", GE, 0.9)));
    }

    @Test
    void terms_side_by_side_are_anded() {
        assertThat(parse("team=fraud stage=prod")).isEqualTo(parse("team=fraud AND stage=prod"));
        assertThat(parse("fraud model")).isEqualTo(and(text("fraud"), text("model")));
        assertThat(parse("(a)(b)")).isEqualTo(and(text("a"), text("b")));
        assertThat(parse("a NOT b")).isEqualTo(and(text("a"), not(text("b"))));
    }

    @Test
    void keywords_are_case_insensitive() {
        assertThat(parse("a and b Or not c")).isEqualTo(parse("a AND b OR NOT c"));
        assertThat(parse("nOt a")).isEqualTo(not(text("a")));
    }

    @Test
    void not_binds_tighter_than_and_and_and_tighter_than_or() {
        assertThat(parse("a OR b AND c")).isEqualTo(or(text("a"), and(text("b"), text("c"))));
        assertThat(parse("a AND b OR c")).isEqualTo(or(and(text("a"), text("b")), text("c")));
        assertThat(parse("NOT a AND b")).isEqualTo(and(not(text("a")), text("b")));
        assertThat(parse("NOT a OR b")).isEqualTo(or(not(text("a")), text("b")));
        assertThat(parse("a b OR c d")).isEqualTo(or(and(text("a"), text("b")), and(text("c"), text("d"))));
    }

    @Test
    void parentheses_override_precedence() {
        assertThat(parse("(a OR b) AND c")).isEqualTo(and(or(text("a"), text("b")), text("c")));
        assertThat(parse("NOT (a AND b)")).isEqualTo(not(and(text("a"), text("b"))));
        assertThat(parse("NOT(a OR b)")).isEqualTo(not(or(text("a"), text("b"))));
        assertThat(parse("((a))")).isEqualTo(text("a"));
    }

    @Test
    void nested_ands_and_ors_are_flattened() {
        assertThat(parse("a AND (b AND c) AND d")).isEqualTo(and(text("a"), text("b"), text("c"), text("d")));
        assertThat(parse("(a OR b) OR (c OR d)")).isEqualTo(or(text("a"), text("b"), text("c"), text("d")));
        assertThat(parse("(a b) OR c")).isEqualTo(or(and(text("a"), text("b")), text("c")));
    }

    @Test
    void double_negation_is_kept_as_written() {
        assertThat(parse("NOT NOT a")).isEqualTo(not(not(text("a"))));
    }

    @Test
    void spaces_of_any_kind_separate_terms() {
        assertThat(parse(" a\tb\nc\u00A0d\u3000e ")).isEqualTo(and(text("a"), text("b"), text("c"), text("d"), text("e")));
    }

    @Test
    void keywords_may_touch_parentheses_and_quotes() {
        assertThat(parse("(a)OR(b)")).isEqualTo(or(text("a"), text("b")));
        assertThat(parse("NOT\"x y\"")).isEqualTo(not(text("x y")));
    }

    // --- limits reached exactly

    @Test
    void the_limits_themselves_are_allowed() {
        String deep = "(".repeat(QueryParser.MAX_DEPTH) + "a" + ")".repeat(QueryParser.MAX_DEPTH);
        assertThat(parse(deep)).isEqualTo(text("a"));
        assertThat(parse("NOT ".repeat(QueryParser.MAX_DEPTH) + "a")).isNotNull();

        String many = "a ".repeat(QueryParser.MAX_TERMS);
        assertThat(parse(many)).isInstanceOf(QueryNode.And.class);

        String longest = "x=" + "v".repeat(QueryParser.MAX_LENGTH - 2);
        assertThat(parse(longest)).isEqualTo(tag("x", "v".repeat(QueryParser.MAX_LENGTH - 2)));
    }

    // --- injection attempts and unicode stay literal

    @Test
    void sql_in_a_value_is_just_a_value() {
        assertThat(parse("name='; DROP TABLE x; --'")).isEqualTo(field(NAME, EQ, "; DROP TABLE x; --"));
        assertThat(parse("team=%")).isEqualTo(tag("team", "%"));
        assertThat(parse("x=1;DELETE")).isEqualTo(tag("x", "1;DELETE"));
        assertThat(parse("\"' OR 1=1 --\"")).isEqualTo(text("' OR 1=1 --"));
        assertThat(parse("owner~a_b%")).isEqualTo(tag("owner", GLOB, "a_b%"));
    }

    @Test
    void unicode_values_and_words_are_kept_as_typed() {
        assertThat(parse("owner=José")).isEqualTo(tag("owner", "José"));
        assertThat(parse("team=\"データ 科学\"")).isEqualTo(tag("team", "データ 科学"));
        assertThat(parse("emoji=🚀")).isEqualTo(tag("emoji", "🚀"));
        assertThat(parse("modèle")).isEqualTo(text("modèle"));
        assertThat(parse("name~مدل*")).isEqualTo(field(NAME, GLOB, "مدل*"));
    }
}
