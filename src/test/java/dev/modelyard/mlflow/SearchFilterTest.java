package dev.modelyard.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.jobs.TrackingSearch;
import dev.modelyard.jobs.TrackingSearch.Kind;
import dev.modelyard.jobs.TrackingSearch.Op;
import dev.modelyard.jobs.TrackingSearch.Term;
import dev.modelyard.mlflow.SearchFilter.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one filter grammar, per target, without a server: what each key means and where an error points. */
class SearchFilterTest {

    private static List<Term> runs(String filter) {
        return SearchFilter.tracking(filter, Target.RUNS);
    }

    private static String error(String filter, Target target) {
        try {
            if (target == Target.MODELS || target == Target.VERSIONS) {
                SearchFilter.parse(filter, target);
            } else {
                SearchFilter.tracking(filter, target);
            }
        } catch (MlflowException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + filter);
    }

    @Test
    void run_keys_take_every_prefix_and_alias_mlflow_accepts() {
        assertThat(runs("metric.acc >= 1e-3 AND params.`learning rate` <> '0.1' AND tags.\"my tag\" LIKE 'x%'"))
                .containsExactly(new Term(Kind.METRIC, "acc", Op.GE, List.of("1e-3")),
                        new Term(Kind.PARAM, "learning rate", Op.NE, List.of("0.1")),
                        new Term(Kind.TAG, "my tag", Op.LIKE, List.of("x%")));
        assertThat(runs("created > -5 AND `Run Name` = 'a' AND run.status != \"FAILED\""))
                .containsExactly(new Term(Kind.ATTRIBUTE, "start_time", Op.GT, List.of("-5")),
                        new Term(Kind.ATTRIBUTE, "run_name", Op.EQ, List.of("a")),
                        new Term(Kind.ATTRIBUTE, "status", Op.NE, List.of("FAILED")));
        assertThat(runs("attr.run_id not in ('a','b') and datasets.digest IN ('d')"))
                .containsExactly(new Term(Kind.ATTRIBUTE, "run_id", Op.NOT_IN, List.of("a", "b")),
                        new Term(Kind.DATASET, "digest", Op.IN, List.of("d")));
        assertThat(runs("  ")).isEmpty();
    }

    @Test
    void errors_name_the_position_and_what_was_expected() {
        assertThat(error("metrics.acc > 0.5.1", Target.RUNS))
                .isEqualTo("Invalid filter at position 15 (at '0.5.1'): '0.5.1' is not a number");
        assertThat(error("metrics.acc >", Target.RUNS))
                .isEqualTo("Invalid filter at position 14 (at the end): metrics.acc compares with a number");
        assertThat(error("run_id IN (1, 2)", Target.RUNS))
                .isEqualTo("Invalid filter at position 12 (at '1, 2)'): expected a value in single quotes");
        assertThat(error("run_id IN ('a'", Target.RUNS))
                .isEqualTo("Invalid filter at position 15 (at the end): expected ',' or ')' in the IN list");
        assertThat(error("params.a NOT LIKE 'x'", Target.RUNS)).isEqualTo("Invalid filter at position 10 (at 'NOT LIKE 'x''): "
                + "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
        String many = String.join(" AND ", java.util.Collections.nCopies(51, "params.a = 'b'"));
        assertThat(error(many, Target.RUNS)).startsWith("Invalid filter at position " + (50 * "params.a = 'b' AND ".length() + 1))
                .endsWith("a filter has at most 50 comparisons");
        assertThat(error("metrics.x = 1", Target.MODELS)).isEqualTo("Invalid filter at position 1 (at 'metrics.x = 1'): "
                + "unknown key prefix 'metrics'; only tags.<key> has a dot");
        assertThat(error("params.x = 'a'", Target.EXPERIMENTS)).isEqualTo("Invalid filter at position 1 (at 'params.x = 'a''): "
                + "unknown key prefix 'params'; use tags. or attributes.");
        assertThat(error("creation_time > '5'", Target.EXPERIMENTS)).isEqualTo("Invalid filter at position 17 (at ''5''): "
                + "creation_time compares with a number, not a quoted string");
    }

    @Test
    void the_registry_keeps_its_keys_and_quoted_version_numbers() {
        assertThat(SearchFilter.parse("name ILIKE 'A%' AND version_number IN (1, '2') AND tags.`k-1` = 'v'", Target.VERSIONS))
                .extracting(t -> t.field() + " " + t.op() + " " + t.values())
                .containsExactly("NAME ILIKE [A%]", "VERSION IN [1, 2]", "TAG EQ [v]");
        assertThat(error("version_number = 1.5", Target.VERSIONS))
                .isEqualTo("Invalid filter at position 16: version_number compares with an integer, not '1.5'");
    }

    @Test
    void order_by_clauses_parse_keys_directions_and_refuse_duplicates() {
        assertThat(SearchFilter.trackingOrders(List.of("metrics.`val loss` DESC", "params.lr", "created asc"), Target.RUNS))
                .containsExactly(new TrackingSearch.Order(Kind.METRIC, "val loss", false),
                        new TrackingSearch.Order(Kind.PARAM, "lr", true),
                        new TrackingSearch.Order(Kind.ATTRIBUTE, "start_time", true));
        assertThatThrownBy(() -> SearchFilter.trackingOrders(List.of("start_time", "attributes.start_time DESC"), Target.RUNS))
                .hasMessage("`order_by` contains duplicate fields: start_time, attributes.start_time DESC");
        assertThatThrownBy(() -> SearchFilter.trackingOrders(java.util.Collections.nCopies(11, "params.x"), Target.RUNS))
                .hasMessage("Invalid order_by: at most 10 clauses, got 11");
        assertThatThrownBy(() -> SearchFilter.trackingOrders(List.of("owner"), Target.RUNS))
                .hasMessageStartingWith("Invalid order_by key 'owner'");
        assertThatThrownBy(() -> SearchFilter.trackingOrders(List.of("name ASC extra"), Target.EXPERIMENTS))
                .hasMessage("Invalid order_by clause 'name ASC extra': use <key> [ASC|DESC]");
    }
}
