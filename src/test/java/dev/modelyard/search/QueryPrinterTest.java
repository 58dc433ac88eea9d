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
import static dev.modelyard.search.QueryNode.Field.NAME;
import static dev.modelyard.search.QueryNode.Field.TYPE;
import static dev.modelyard.search.QueryNode.Op.EQ;
import static dev.modelyard.search.QueryNode.Op.GE;
import static dev.modelyard.search.QueryNode.Op.GLOB;
import static dev.modelyard.search.QueryNode.Op.GT;
import static dev.modelyard.search.QueryNode.Op.LT;
import static dev.modelyard.search.QueryNode.Op.NE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryPrinterTest {

    private static String print(QueryNode node) {
        return QueryPrinter.print(node);
    }

    @Test
    void canonical_text_has_upper_case_keywords_and_explicit_and() {
        assertThat(print(parse("team=fraud stage=prod or not x"))).isEqualTo("team=fraud AND stage=prod OR NOT x");
    }

    @Test
    void parentheses_appear_only_where_precedence_needs_them() {
        assertThat(print(parse("(a OR b) c"))).isEqualTo("(a OR b) AND c");
        assertThat(print(parse("(a b) OR c"))).isEqualTo("a AND b OR c");
        assertThat(print(parse("NOT (a b)"))).isEqualTo("NOT (a AND b)");
        assertThat(print(parse("NOT (a OR b)"))).isEqualTo("NOT (a OR b)");
        assertThat(print(parse("NOT NOT ((a))"))).isEqualTo("NOT NOT a");
    }

    @Test
    void nested_trees_built_by_hand_keep_their_shape() {
        assertThat(print(and(and(text("a"), text("b")), text("c")))).isEqualTo("(a AND b) AND c");
        assertThat(print(or(or(text("a"), text("b")), text("c")))).isEqualTo("(a OR b) OR c");
    }

    @Test
    void the_brief_example_prints_as_written() {
        String query = "(team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9";

        assertThat(print(parse(query))).isEqualTo(query);
    }

    @Test
    void values_are_quoted_only_when_they_must_be() {
        assertThat(print(tag("owner", "Ali Baba"))).isEqualTo("owner=\"Ali Baba\"");
        assertThat(print(tag("x", "a=b"))).isEqualTo("x=a=b");
        assertThat(print(tag("x", "=b"))).isEqualTo("x=\"=b\"");
        assertThat(print(tag("x", ""))).isEqualTo("x=\"\"");
        assertThat(print(tag("x", "*"))).isEqualTo("x=\"*\"");
        assertThat(print(tag("x", "a*"))).isEqualTo("x=a*");
        assertThat(print(tag("x", "(a)"))).isEqualTo("x=\"(a)\"");
        assertThat(print(tag("x", "say \"hi\" \\o/"))).isEqualTo("x=\"say \\\"hi\\\" \\\\o/\"");
        assertThat(print(tag("x", "O'Brien"))).isEqualTo("x=\"O'Brien\"");
        assertThat(print(tag("x", "C:\\m"))).isEqualTo("x=C:\\m");
        assertThat(print(tag("x", "AND"))).isEqualTo("x=AND");
    }

    @Test
    void text_is_quoted_when_bare_it_would_read_as_something_else() {
        assertThat(print(text("fraud"))).isEqualTo("fraud");
        assertThat(print(text("fraud model"))).isEqualTo("\"fraud model\"");
        assertThat(print(text("or"))).isEqualTo("\"or\"");
        assertThat(print(text("a=b"))).isEqualTo("\"a=b\"");
        assertThat(print(text("has:x"))).isEqualTo("\"has:x\"");
        assertThat(print(text("tag:x"))).isEqualTo("\"tag:x\"");
        assertThat(print(text("*"))).isEqualTo("*");
    }

    @Test
    void tag_keys_that_would_read_as_fields_or_prefixes_get_tag_prefix_and_odd_keys_get_quotes() {
        assertThat(print(tag("name", "x"))).isEqualTo("tag:name=x");
        assertThat(print(number("created", GT, 1))).isEqualTo("tag:created>1");
        assertThat(print(tag("has:x", "1"))).isEqualTo("tag:has:x=1");
        assertThat(print(tag("tag:x", "1"))).isEqualTo("tag:tag:x=1");
        assertThat(print(tag("my key", "x"))).isEqualTo("\"my key\"=x");
        assertThat(print(tag("NOT", "x"))).isEqualTo("NOT=x");
        assertThat(print(has("stage"))).isEqualTo("has:stage");
        assertThat(print(has("my key"))).isEqualTo("has:\"my key\"");
        assertThat(print(not(has("stage")))).isEqualTo("NOT has:stage");
    }

    @Test
    void numbers_print_plainly_and_read_back_exactly() {
        assertThat(print(number("x", GT, 10))).isEqualTo("x>10");
        assertThat(print(number("x", GT, 1e3))).isEqualTo("x>1000");
        assertThat(print(number("x", GT, -0.5))).isEqualTo("x>-0.5");
        assertThat(print(number("x", GT, 1e-5))).isEqualTo("x>1.0E-5");
        assertThat(print(number("x", GT, 1e20))).isEqualTo("x>1.0E20");
        assertThat(print(number("x", GT, 0.1 + 0.2))).isEqualTo("x>0.30000000000000004");
    }

    @Test
    void fields_and_created_print_with_their_query_names() {
        assertThat(print(field(NAME, GLOB, "fraud*"))).isEqualTo("name~fraud*");
        assertThat(print(field(TYPE, NE, "custom_model"))).isEqualTo("type!=custom_model");
        assertThat(print(created(GE, "2026-01-01T00:00:00Z"))).isEqualTo("created>=2026-01-01");
        assertThat(print(created(LT, "2026-11-27T10:00:00Z"))).isEqualTo("created<2026-11-27T10:00:00Z");
        assertThat(print(created(EQ, "2026-01-01T00:00:00Z"))).isEqualTo("created=2026-01-01T00:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "team=fraud", "team!=risk", "has:stage", "stage=*", "stage!=*", "owner~ali*", "owner!~'a b*'",
            "auc>=0.9", "epochs>10", "x>1e3", "x<-0.5", "name~fraud*", "type=mlflow_model",
            "createdBy=alice", "created>=2026-01-01", "created<2026-11-27T10:00:00Z",
            "created>2026-11-27T12:00:00.5+02:00", "created=2026-11-27T10:00:00Z", "fraud", "\"fraud model\"",
            "\"and\" 'OR' \"not\"", "tag:name=x", "tag:created>=3", "\"my key\"=\"my value\"", "has:'my key'",
            "owner=\"say \\\"hi\\\"\"", "x='a\\\\b'", "(a OR b) AND NOT (c OR d e)", "NOT NOT a", "((a b) OR c) d",
            "name='; DROP TABLE x; --'", "team=%", "owner~a_b%", "owner=José", "emoji=🚀 \"データ 科学\"",
            "x=\"*\"", "x=a=b", "path=C:\\m", "AND=1 or=2"})
    void printing_a_parsed_query_and_parsing_it_again_gives_the_same_tree(String query) {
        QueryNode parsed = parse(query);
        String printed = print(parsed);

        assertThat(parse(printed)).as(printed).isEqualTo(parsed);
        assertThat(print(parse(printed))).isEqualTo(printed);
    }

    // --- QueryText.and

    @Test
    void adding_a_tag_to_a_blank_query_gives_just_the_term() {
        assertThat(QueryText.and("", "team", "fraud")).isEqualTo("team=fraud");
        assertThat(QueryText.and(null, "team", "fraud")).isEqualTo("team=fraud");
        assertThat(QueryText.and("   ", "team", "fraud")).isEqualTo("team=fraud");
    }

    @Test
    void adding_a_tag_appends_it_with_and_keeping_the_users_text() {
        assertThat(QueryText.and("fraud  stage=prod ", "team", "risk")).isEqualTo("fraud  stage=prod AND team=risk");
        assertThat(QueryText.and("a OR b AND c", "team", "x")).isEqualTo("(a OR b AND c) AND team=x");
        assertThat(QueryText.and("(a OR b)", "team", "x")).isEqualTo("(a OR b) AND team=x");
        assertThat(QueryText.and("NOT (a or b)", "team", "x")).isEqualTo("NOT (a or b) AND team=x");
        assertThat(QueryText.and("(a OR b) OR c", "team", "x")).isEqualTo("((a OR b) OR c) AND team=x");
        assertThat(QueryText.and("(a) or (b)", "team", "x")).isEqualTo("((a) or (b)) AND team=x");
        assertThat(QueryText.and("x=\"a OR b\" 'OR'", "team", "x")).isEqualTo("x=\"a OR b\" 'OR' AND team=x");
    }

    @Test
    void adding_a_tag_to_a_query_with_a_top_level_or_narrows_all_of_it() {
        String query = QueryText.and("team=fraud OR team=risk", "stage", "prod");

        assertThat(query).isEqualTo("(team=fraud OR team=risk) AND stage=prod");
        assertThat(parse(query)).isEqualTo(and(or(tag("team", "fraud"), tag("team", "risk")), tag("stage", "prod")));
    }

    @Test
    void adding_a_tag_quotes_what_needs_quotes_and_keeps_it_a_tag() {
        assertThat(QueryText.and("", "owner", "Ali Baba")).isEqualTo("owner=\"Ali Baba\"");
        assertThat(QueryText.and("", "name", "x")).isEqualTo("tag:name=x");
        assertThat(QueryText.and("", "stage", "*")).isEqualTo("stage=\"*\"");
        assertThat(QueryText.and("a", "k", "")).isEqualTo("a AND k=\"\"");
        assertThat(parse(QueryText.and("a", "owner", "say \"hi\""))).isEqualTo(and(text("a"), tag("owner", "say \"hi\"")));
    }

    @Test
    void adding_a_tag_to_a_broken_query_reports_the_syntax_error() {
        assertThatThrownBy(() -> QueryText.and("(a", "k", "v"))
                .isInstanceOf(QuerySyntaxException.class);
        assertThatThrownBy(() -> QueryText.and("a", "", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equal_comparisons_of_created_print_instants_since_dates_are_refused_there() {
        assertThat(print(parse("created!=2026-01-01T00:00:00Z"))).isEqualTo("created!=2026-01-01T00:00:00Z");
        assertThat(print(created(NE, "2026-01-01T00:00:00Z"))).isEqualTo("created!=2026-01-01T00:00:00Z");
        assertThat(print(number("x", LT, 0))).isEqualTo("x<0");
        assertThat(print(number("x", GE, 2))).isEqualTo("x>=2");
    }
}
