package dev.modelyard.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import dev.modelyard.security.AppRole;
import jakarta.persistence.EntityManager;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tag term has two SQL forms, {@code IN} (start from the tag index) and {@code EXISTS} (probe per version);
 * which one a search uses depends on how rare the term is (docs/decisions/008). The answer must never depend on it.
 */
@IntegrationTest
class TagTermFormsTest {

    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    VersionQueries queries;
    @Autowired
    EntityManager em;
    @Autowired
    TransactionTemplate transactions;

    String seed;
    /** A tag key no other test uses, valued 1 to 5 over this test's five models. */
    String score;

    @BeforeEach
    void seed() {
        seed = ModelTestData.uniqueName("forms");
        score = "score_" + seed.substring(seed.lastIndexOf('-') + 1);
        Map<String, Map<String, String>> seeded = new LinkedHashMap<>();
        seeded.put("a", Map.of("team", "fraud", "stage", "prod", "auc", "0.95"));
        seeded.put("b", Map.of("team", "risk", "stage", "archived", "auc", "0.97"));
        seeded.put("c", Map.of("team", "risk", "auc", "0.91"));
        seeded.put("d", Map.of("team", "fraud", "auc", "0.85"));
        seeded.put("e", Map.of("owner", "carol"));
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR, () -> seeded.forEach((suffix, tags) -> {
            Map<String, String> withSeed = new LinkedHashMap<>(tags);
            withSeed.put("seed", seed);
            withSeed.put(score, Integer.toString(suffix.charAt(0) - 'a' + 1));
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", seed + suffix))) {
                models.register(new RegisterModelCommand(seed + "-" + suffix, null, ModelType.CUSTOM, null, withSeed,
                        null, null), staged);
            }
        }));
    }

    @Test
    void both_forms_of_every_tag_term_select_the_same_models() {
        for (String query : List.of("team=fraud", "team=risk stage=archived", "team=fraud OR team=risk",
                "NOT team=risk", "has:stage AND NOT stage=prod", "auc>=0.9", "auc<0.9 OR owner=carol",
                "NOT (team=fraud OR auc>0.96)", "team!=risk", "owner~car*")) {
            ModelFilter filter = ModelFilter.all().withQuery("seed=" + seed + " AND (" + query + ")")
                    .withArchived(ArchivedFilter.ALL);
            Set<QueryNode> everyTagTerm = new HashSet<>();
            QueryParser.parse(filter.query()).ifPresent(node -> tagTerms(node, everyTagTerm));

            assertThat(names(filter, everyTagTerm)).as(query).isEqualTo(names(filter, Set.of()))
                    .isEqualTo(names(filter, Set.of(new QueryNode.TagCompare("seed", QueryNode.Op.EQ, seed))));
        }
    }

    @Test
    void rare_terms_are_the_ones_every_match_must_satisfy_that_few_rows_satisfy() {
        TagSelectivity selectivity = new TagSelectivity(em, 3);
        Set<QueryNode> rare = transactions.execute(tx -> selectivity.rareTerms(ModelFilter.all()
                .withQuery("seed=" + seed + " AND has:" + score + " AND " + score + ">=1 AND " + score + ">=4 AND "
                        + score + "=2 AND team=fraud AND (" + score + "=3 OR owner=carol) AND NOT " + score + "=5 "
                        + "AND " + score + "!=1")
                .withTag(score, "1")));

        // five rows carry the seed, the score key or a score >= 1: not rare at 3; OR, NOT and != never qualify
        assertThat(rare).containsExactlyInAnyOrder(new QueryNode.TagNumber(score, QueryNode.Op.GE, 4),
                new QueryNode.TagCompare(score, QueryNode.Op.EQ, "2"), new QueryNode.TagCompare(score, QueryNode.Op.EQ, "1"));
    }

    private List<String> names(ModelFilter filter, Set<QueryNode> rare) {
        return transactions.execute(tx -> queries.slice(VersionSpecs.latestPerModel(filter, rare),
                        PageRequest.of(0, 50, Sort.by("model.nameKey")))
                .map(v -> v.model().name().substring(seed.length() + 1)).getContent());
    }

    private static void tagTerms(QueryNode node, Set<QueryNode> into) {
        if (node instanceof QueryNode.And and) {
            and.terms().forEach(t -> tagTerms(t, into));
        } else if (node instanceof QueryNode.Or or) {
            or.terms().forEach(t -> tagTerms(t, into));
        } else if (node instanceof QueryNode.Not not) {
            tagTerms(not.term(), into);
        } else if (node instanceof QueryNode.TagExists || node instanceof QueryNode.TagCompare
                || node instanceof QueryNode.TagNumber) {
            into.add(node);
        }
    }
}
