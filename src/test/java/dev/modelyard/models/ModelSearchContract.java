package dev.modelyard.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.search.QuerySyntaxException;
import dev.modelyard.security.AppRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * The query language evaluated by the database against a small seeded registry whose right answers are
 * known. Every query is scoped to this test's seed tag, so other tests' data never interferes.
 */
abstract class ModelSearchContract {

    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    String seed;

    @BeforeEach
    void seed() {
        seed = ModelTestData.uniqueName("seed");
        Map<String, Map<String, String>> seeded = new LinkedHashMap<>();
        seeded.put("a", Map.of("team", "fraud", "stage", "prod", "auc", "0.95", "owner", "alice"));
        seeded.put("b", Map.of("team", "risk", "stage", "archived", "auc", "0.97", "owner", "bob"));
        seeded.put("c", Map.of("team", "risk", "auc", "0.91", "owner", "alina"));
        seeded.put("d", Map.of("team", "fraud", "auc", "0.85"));
        seeded.put("e", Map.of("team", "marketing", "auc", "0.99", "note", "Ali Baba"));
        seeded.put("f", Map.of("team", "fraud", "auc", "abc"));
        seeded.put("g", Map.of("team", "risk", "stage", "dev", "auc", "0.9"));
        seeded.put("h", Map.of("owner", "carol"));
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR, () -> seeded.forEach((suffix, tags) -> {
            Map<String, String> withSeed = new LinkedHashMap<>(tags);
            withSeed.put("seed", seed);
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f.bin", seed + suffix))) {
                models.register(new RegisterModelCommand(seed + "-" + suffix, null, ModelType.CUSTOM,
                        "model " + suffix + (suffix.equals("h") ? " detects fraud rings" : ""), withSeed, null, null), staged);
            }
        }));
    }

    private List<String> search(String query) {
        List<String> suffixes = new ArrayList<>();
        TestUsers.runAs("reader", AppRole.READER, () -> models.searchModels(
                        ModelFilter.all().withQuery("seed=" + seed + " AND (" + query + ")"), PageRequest.of(0, 100))
                .forEach(m -> suffixes.add(m.name().substring(seed.length() + 1))));
        return suffixes;
    }

    @Test
    void the_issue_query_returns_exactly_the_right_models() {
        assertThat(search("(team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9"))
                .containsExactlyInAnyOrder("a", "c", "g");
    }

    @Test
    void or_and_not_and_precedence_behave() {
        assertThat(search("team=fraud OR team=marketing")).containsExactlyInAnyOrder("a", "d", "e", "f");
        assertThat(search("team=risk stage=dev")).containsExactly("g");
        assertThat(search("team=risk OR team=fraud AND stage=prod")).containsExactlyInAnyOrder("a", "b", "c", "g");
        assertThat(search("NOT has:team")).containsExactly("h");
        assertThat(search("team!=risk")).containsExactlyInAnyOrder("a", "d", "e", "f");
        assertThat(search("NOT team=risk")).containsExactlyInAnyOrder("a", "d", "e", "f", "h");
    }

    @Test
    void numeric_comparisons_use_numbers_not_text() {
        assertThat(search("auc>0.9")).containsExactlyInAnyOrder("a", "b", "c", "e");
        assertThat(search("auc<0.9")).containsExactly("d");
        assertThat(search("auc>=0.9 auc<=0.91")).containsExactlyInAnyOrder("c", "g");
    }

    @Test
    void globs_existence_fields_and_free_text() {
        assertThat(search("owner~ali*")).containsExactlyInAnyOrder("a", "c");
        assertThat(search("owner!~ali*")).containsExactlyInAnyOrder("b", "h");
        assertThat(search("note=\"Ali Baba\"")).containsExactly("e");
        assertThat(search("has:stage")).containsExactlyInAnyOrder("a", "b", "g");
        assertThat(search("name~" + seed + "-[ab]* OR name=" + seed.toUpperCase() + "-A")).containsExactly("a");
        assertThat(search("type=custom_model")).hasSize(8);
        assertThat(search("type=mlflow_model")).isEmpty();
        assertThat(search("createdBy=seeder")).hasSize(8);
        assertThat(search("created>=2020-01-01 created<2999-01-01")).hasSize(8);
        assertThat(search("\"fraud rings\"")).containsExactly("h");
    }

    @Test
    void globs_with_several_stars_match_as_globs_without_backtracking() {
        // owners: alice (a), bob (b), alina (c), carol (h); several '*' take the non-backtracking form on H2
        assertThat(search("owner~*a*i*e")).containsExactly("a");
        assertThat(search("owner~*l*n*")).containsExactly("c");
        assertThat(search("owner~*A*L*")).containsExactlyInAnyOrder("a", "c", "h");
        assertThat(search("owner~a*?*a")).containsExactly("c");
        assertThat(search("owner!~*a*l*")).containsExactly("b");
        assertThat(search("owner~*o*o*o*")).isEmpty();
        assertThat(search("name~*" + seed.substring(1) + "*-*a")).containsExactly("a");
        assertThat(search("owner~*.*a*")).isEmpty();
    }

    @Test
    void hostile_values_are_literal() {
        assertThat(search("team=\"'; DROP TABLE model_version; --\"")).isEmpty();
        assertThat(search("owner~%")).isEmpty();
        assertThat(search("owner~_lice")).isEmpty();
        assertThat(search("has:seed")).hasSize(8);
    }

    @Test
    void a_malformed_query_says_where_and_what() {
        assertThatThrownBy(() -> search("team=fraud AND"))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> TestUsers.runAs("reader", AppRole.READER, () -> models.searchModels(
                ModelFilter.all().withQuery("auc>=high"), PageRequest.of(0, 10))))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("number");
    }
}
