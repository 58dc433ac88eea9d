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

    /** Registers another version of {@code seed-suffix} carrying {@code tags} and this test's seed tag. */
    private void registerVersion(String suffix, Map<String, String> tags) {
        Map<String, String> withSeed = new LinkedHashMap<>(tags);
        withSeed.put("seed", seed);
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f.bin", seed + suffix + tags))) {
                models.register(new RegisterModelCommand(seed + "-" + suffix, null, ModelType.CUSTOM, null, withSeed,
                        null, null), staged);
            }
        });
    }

    /** What the one-row-per-model list shows: suffix → "shown version/newest version". */
    private Map<String, String> rows(String query, ArchivedFilter archived) {
        Map<String, String> rows = new LinkedHashMap<>();
        TestUsers.runAs("reader", AppRole.READER, () -> models.searchModels(ModelFilter.all()
                        .withQuery("seed=" + seed + " AND (" + query + ")").withArchived(archived), PageRequest.of(0, 100))
                .forEach(m -> {
                    assertThat(m.showsNewest()).isEqualTo(m.latestVersion().version() == m.newestVersion());
                    rows.put(m.name().substring(seed.length() + 1), m.latestVersion().version() + "/" + m.newestVersion());
                }));
        return rows;
    }

    @Test
    void a_model_is_found_by_any_of_its_versions_and_shows_its_newest_matching_one() {
        // a: v1 team=fraud stage=prod auc=0.95 (seeded); v2 re-registered without those tags
        registerVersion("a", Map.of("auc", "0.5"));

        assertThat(rows("team=fraud AND auc>=0.9", ArchivedFilter.ACTIVE)).containsExactly(Map.entry("a", "1/2"));
        assertThat(rows("team=fraud", ArchivedFilter.ACTIVE))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1/2", "d", "1/1", "f", "1/1"));
        assertThat(rows("auc<0.9", ArchivedFilter.ACTIVE))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "2/2", "d", "1/1"));
        // a third version tagged again is the newest match
        registerVersion("a", Map.of("team", "fraud", "auc", "0.99"));
        assertThat(rows("team=fraud AND auc>=0.9", ArchivedFilter.ACTIVE)).containsExactly(Map.entry("a", "3/3"));
        assertThat(rows("auc<0.9", ArchivedFilter.ACTIVE)).containsEntry("a", "2/3");
        assertThat(search("team=fraud AND auc>=0.9")).containsExactly("a");
    }

    @Test
    void not_applies_to_each_version_so_a_model_with_an_untagged_version_matches_it() {
        registerVersion("a", Map.of("auc", "0.5"));

        // v2 of a has no team tag: NOT team=fraud holds for it; no version of d or f lacks team=fraud
        assertThat(rows("NOT team=fraud", ArchivedFilter.ACTIVE)).containsEntry("a", "2/2")
                .doesNotContainKeys("d", "f");
        // f's auc is not a number, so auc<0.9 is false for it and NOT makes it true
        assertThat(rows("team=fraud AND NOT auc<0.9", ArchivedFilter.ACTIVE))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1/2", "f", "1/1"));
        // the same version must satisfy both sides: no version of a has team=fraud and auc=0.5
        assertThat(rows("team=fraud AND auc<0.9", ArchivedFilter.ACTIVE)).containsExactly(Map.entry("d", "1/1"));
    }

    @Test
    void archived_versions_match_only_when_the_listing_includes_them() {
        registerVersion("a", Map.of("auc", "0.5"));
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR,
                () -> models.setArchived(VersionRef.parse(seed + "-a:1"), true));

        assertThat(rows("team=fraud AND auc>=0.9", ArchivedFilter.ACTIVE)).isEmpty();
        assertThat(rows("team=fraud AND auc>=0.9", ArchivedFilter.ALL)).containsExactly(Map.entry("a", "1/2"));
        assertThat(rows("team=fraud AND auc>=0.9", ArchivedFilter.ARCHIVED)).containsExactly(Map.entry("a", "1/2"));
        assertThat(rows("auc<0.9", ArchivedFilter.ARCHIVED)).isEmpty();
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
