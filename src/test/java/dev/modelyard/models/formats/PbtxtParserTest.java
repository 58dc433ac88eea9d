package dev.modelyard.models.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.models.formats.PbtxtScalar.Kind;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PbtxtParserTest {

    private static List<Object> values(PbtxtMessage message, String field) {
        return message.all(field).stream().map(f -> ((PbtxtScalar) f.value()).value()).toList();
    }

    private static Object value(String text) {
        return values(PbtxtParser.parse("v: " + text), "v").get(0);
    }

    private static PbtxtMessage message(PbtxtMessage parent, String field, int index) {
        return (PbtxtMessage) parent.all(field).get(index).value();
    }

    private static void assertSyntaxError(String text, String message) {
        assertThatThrownBy(() -> PbtxtParser.parse(text)).isInstanceOf(PbtxtException.class).hasMessage(message);
    }

    @Test
    void comments_are_skipped_but_hash_inside_strings_is_kept() {
        PbtxtMessage root = PbtxtParser.parse("""
                # leading comment
                name: "a#b" # trailing comment
                # platform: "ignored"
                """);

        assertThat(values(root, "name")).containsExactly("a#b");
        assertThat(root.all("platform")).isEmpty();
    }

    @Test
    void list_of_scalars_and_repeated_scalars_give_the_same_occurrences() {
        PbtxtMessage list = PbtxtParser.parse("dims: [ 16, -1, 3 ]");
        PbtxtMessage repeated = PbtxtParser.parse("dims: 16 dims: -1\ndims: 3");

        assertThat(values(list, "dims")).containsExactly(BigInteger.valueOf(16), BigInteger.valueOf(-1), BigInteger.valueOf(3));
        assertThat(values(repeated, "dims")).isEqualTo(values(list, "dims"));
    }

    @Test
    void list_of_messages_is_read_with_or_without_colon() {
        PbtxtMessage withoutColon = PbtxtParser.parse("input [ { name: \"a\" }, { name: \"b\" } ]");
        PbtxtMessage withColon = PbtxtParser.parse("input: [ { name: \"a\" }, < name: \"b\" > ]");

        for (PbtxtMessage root : List.of(withoutColon, withColon)) {
            assertThat(root.all("input")).hasSize(2);
            assertThat(values(message(root, "input", 1), "name")).containsExactly("b");
        }
    }

    @Test
    void empty_lists_give_no_occurrences() {
        PbtxtMessage root = PbtxtParser.parse("dims: [] input []");

        assertThat(root.fields()).isEmpty();
    }

    @Test
    void messages_are_read_in_braces_or_angle_brackets_with_optional_colon() {
        PbtxtMessage root = PbtxtParser.parse("a { x: 1 } b: { x: 2 } c < x: 3 > d: < e { x: 4 } >");

        assertThat(values(message(root, "a", 0), "x")).containsExactly(BigInteger.ONE);
        assertThat(values(message(root, "b", 0), "x")).containsExactly(BigInteger.TWO);
        assertThat(values(message(root, "c", 0), "x")).containsExactly(BigInteger.valueOf(3));
        assertThat(values(message(message(root, "d", 0), "e", 0), "x")).containsExactly(BigInteger.valueOf(4));
    }

    @Test
    void commas_and_semicolons_may_separate_fields() {
        PbtxtMessage root = PbtxtParser.parse("a: 1, b: 2; c { d: 3; }, e: 4");

        assertThat(root.fields()).extracting(PbtxtField::name).containsExactly("a", "b", "c", "e");
    }

    @Test
    void string_escapes_are_decoded() {
        assertThat(value("\"a\\n\\t\\\\\\\"\\'\\101\\x41\\u00e9\\U0001F600\\?\"")).isEqualTo("a\n\t\\\"'AAé\uD83D\uDE00?");
        assertThat(value("'single \"quoted\" \\''")).isEqualTo("single \"quoted\" '");
        // Octal and hex escapes are bytes, so a UTF-8 sequence can be spelled out byte by byte.
        assertThat(value("\"\\303\\251\\xc3\\xa9\"")).isEqualTo("éé");
    }

    @Test
    void adjacent_strings_are_joined() {
        assertThat(value("\"first \" 'second '\n  \"third\"")).isEqualTo("first second third");
    }

    @Test
    void numbers_are_read_as_integers_or_floats() {
        assertThat(value("-42")).isEqualTo(BigInteger.valueOf(-42));
        assertThat(value("0x1F")).isEqualTo(BigInteger.valueOf(31));
        assertThat(value("- 0X10")).isEqualTo(BigInteger.valueOf(-16));
        assertThat(value("017")).isEqualTo(BigInteger.valueOf(15));
        assertThat(value("0")).isEqualTo(BigInteger.ZERO);
        assertThat(value("18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(value("1.5")).isEqualTo(1.5);
        assertThat(value(".5")).isEqualTo(0.5);
        assertThat(value("-2.5e-3")).isEqualTo(-0.0025);
        assertThat(value("1E3")).isEqualTo(1000.0);
        assertThat(value("2.5f")).isEqualTo(2.5);
        assertThat(value("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void identifiers_are_kept_as_identifiers() {
        PbtxtMessage root = PbtxtParser.parse("kind: KIND_GPU enabled: true limit: inf");

        assertThat(root.fields()).extracting(f -> ((PbtxtScalar) f.value()).kind())
                .containsOnly(Kind.IDENTIFIER);
        assertThat(values(root, "kind")).containsExactly("KIND_GPU");
    }

    @Test
    void fields_remember_their_line_and_column() {
        PbtxtMessage root = PbtxtParser.parse("a: 1\n  b {\n    c: \"x\"\n  }");
        PbtxtField b = root.all("b").get(0);

        assertThat(b.line()).isEqualTo(2);
        assertThat(b.column()).isEqualTo(3);
        assertThat(((PbtxtMessage) b.value()).all("c").get(0).value().line()).isEqualTo(3);
    }

    @Test
    void unknown_fields_of_any_shape_are_kept_in_the_tree() {
        PbtxtMessage root = PbtxtParser.parse("""
                instance_group [ { kind: KIND_CPU, count: 2 } ]
                parameters: { key: "k" value: { string_value: "v" } }
                model_warmup [ { name: "w" inputs { key: "INPUT0" value: { data_type: TYPE_FP32 dims: [ 1 ] zero_data: true } } } ]
                """);

        assertThat(root.fields()).extracting(PbtxtField::name)
                .containsExactly("instance_group", "parameters", "model_warmup");
    }

    @Test
    void missing_colon_or_brace_after_a_field_name_is_a_syntax_error() {
        assertSyntaxError("name: \"x\"\ninput\n  name: \"y\"",
                "line 3, column 3: expected ':' or '{' after field name 'input' but found 'name'");
    }

    @Test
    void unclosed_message_names_where_it_was_opened() {
        assertSyntaxError("a {\n  b: 1\n", "line 3, column 1: expected '}' to close the message opened at line 1, "
                + "column 3 but found end of file");
        assertSyntaxError("a < b: 1 }", "line 1, column 10: expected '>' to close the message opened at line 1, "
                + "column 3 but found '}'");
        assertSyntaxError("a: 1 }", "line 1, column 6: expected a field name but found '}'");
    }

    @Test
    void bad_lists_are_syntax_errors() {
        assertSyntaxError("dims: [ 1 2 ]", "line 1, column 11: expected ',' or ']' in the list 'dims' but found '2'");
        assertSyntaxError("dims [ 1 ]", "line 1, column 8: expected '{' to start the next message in the list 'dims'"
                + " but found '1' (a list of values needs ':' before '[')");
        assertSyntaxError("dims: [ 1, ]", "line 1, column 12: expected a value for field 'dims' but found ']'");
    }

    @Test
    void bad_scalars_are_syntax_errors() {
        assertSyntaxError("a: 12abc", "line 1, column 4: invalid number '12abc'");
        assertSyntaxError("a: 1.2.3", "line 1, column 4: invalid number '1.2.3'");
        assertSyntaxError("a: 09", "line 1, column 4: invalid octal number '09'");
        assertSyntaxError("a: 0x", "line 1, column 4: hexadecimal number needs digits after 0x");
        assertSyntaxError("a: 1e", "line 1, column 4: number needs digits after its exponent");
        assertSyntaxError("a: - b", "line 1, column 6: expected a number after '-' but found 'b'");
        assertSyntaxError("a: 1" + "0".repeat(200), "line 1, column 4: number is longer than 100 characters");
        assertSyntaxError("a: @", "line 1, column 4: unexpected character '@'");
        assertSyntaxError("a: \u0001", "line 1, column 4: unexpected character U+0001");
    }

    @Test
    void bad_strings_are_syntax_errors() {
        assertSyntaxError("a: 1\nb: \"open", "line 2, column 4: unterminated string: a string must close with \" on the line it starts");
        assertSyntaxError("b: 'line\nbreak'", "line 1, column 4: unterminated string: a string must close with ' on the line it starts");
        assertSyntaxError("b: \"\\q\"", "line 1, column 5: unknown escape '\\q' in string");
        assertSyntaxError("b: \"\\777\"", "line 1, column 5: octal escape is larger than one byte");
        assertSyntaxError("b: \"\\xZZ\"", "line 1, column 5: escape needs at least 1 hexadecimal digit");
        assertSyntaxError("b: \"\\u12\"", "line 1, column 5: escape needs 4 hexadecimal digits");
        assertSyntaxError("b: \"\\uD800\"", "line 1, column 5: escape is not a valid Unicode code point");
        assertSyntaxError("b: \"\\xff\"", "line 1, column 4: string is not valid UTF-8 once its escapes are decoded");
    }

    @Test
    void ten_thousand_nested_messages_are_refused_without_stack_overflow() {
        String text = "a " + "{ a ".repeat(10_000) + "}".repeat(10_000);

        assertSyntaxError(text, "line 1, column 259: messages are nested deeper than 64 levels");
    }

    @Test
    void sixty_four_nested_messages_are_accepted() {
        String text = "a " + "{ a ".repeat(63) + "{ }" + "}".repeat(63);

        assertThat(PbtxtParser.parse(text).fields()).hasSize(1);
    }
}
