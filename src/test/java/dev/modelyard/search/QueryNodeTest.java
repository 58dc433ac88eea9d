package dev.modelyard.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.search.QueryNode.And;
import dev.modelyard.search.QueryNode.CreatedCompare;
import dev.modelyard.search.QueryNode.Field;
import dev.modelyard.search.QueryNode.FieldCompare;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.Or;
import dev.modelyard.search.QueryNode.TagCompare;
import dev.modelyard.search.QueryNode.TagNumber;
import dev.modelyard.search.QueryNode.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invariants a translator relies on hold for hand-built nodes too. */
class QueryNodeTest {

    @Test
    void text_comparisons_refuse_ordering_operators() {
        assertThatThrownBy(() -> new TagCompare("k", Op.GT, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldCompare(Field.NAME, Op.LE, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void number_comparisons_take_only_ordering_operators_and_finite_numbers() {
        assertThatThrownBy(() -> new TagNumber("k", Op.EQ, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TagNumber("k", Op.GT, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TagNumber("k", Op.GT, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TagNumber("k", Op.GT, -0.0)).isEqualTo(new TagNumber("k", Op.GT, 0.0));
    }

    @Test
    void created_refuses_globs() {
        assertThatThrownBy(() -> new CreatedCompare(Op.GLOB, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void and_and_or_need_terms_and_copy_them() {
        assertThatThrownBy(() -> new And(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Or(List.of())).isInstanceOf(IllegalArgumentException.class);

        List<QueryNode> terms = new ArrayList<>(List.of(new Text("a"), new Text("b")));
        And and = new And(terms);
        terms.clear();
        assertThat(and.terms()).hasSize(2);
    }

    @Test
    void operators_and_fields_know_their_query_spelling() {
        assertThat(Op.fromSymbol(">=")).contains(Op.GE);
        assertThat(Op.fromSymbol("=>")).isEmpty();
        assertThat(Field.fromQueryName("createdBy")).contains(Field.CREATED_BY);
        assertThat(Field.fromQueryName("Name")).isEmpty();
    }
}
