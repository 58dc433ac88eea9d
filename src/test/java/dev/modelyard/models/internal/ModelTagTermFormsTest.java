package dev.modelyard.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelCatalogService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.RegistrySearch;
import dev.modelyard.models.RegistrySearch.Field;
import dev.modelyard.models.RegistrySearch.Op;
import dev.modelyard.models.RegistrySearch.SortKey;
import dev.modelyard.models.RegistrySearch.Term;
import dev.modelyard.security.AppRole;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MLflow model search answers a model tag term by a join from the tag index when the term is rare and by a
 * correlated {@code EXISTS} while walking names when it is common (docs/decisions/014): the answer, its order and
 * its pages must never depend on which.
 */
@IntegrationTest
class ModelTagTermFormsTest {

    @Autowired
    ModelCatalogService catalog;
    @Autowired
    EntityManager em;
    @Autowired
    TransactionTemplate transactions;

    String seed;

    @BeforeEach
    void seed() {
        seed = ModelTestData.uniqueName("mforms");
        Map<String, Map<String, String>> seeded = new LinkedHashMap<>();
        seeded.put("c", Map.of("team", "fraud"));
        seeded.put("A", Map.of("team", "fraud", "owner", "ann"));
        seeded.put("b", Map.of("team", "risk"));
        seeded.put("d", Map.of());
        seeded.put("E", Map.of("team", "Fraud", "owner", "eve"));
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR,
                () -> seeded.forEach((suffix, tags) -> catalog.create(seed + "-" + suffix, null, tags)));
    }

    @Test
    void both_forms_of_a_model_tag_term_select_and_order_the_same_models() {
        List<List<Term>> filters = List.of(
                List.of(tag("team", Op.EQ, "fraud")),
                List.of(tag("team", Op.NE, "fraud")),
                List.of(tag("team", Op.IN, "fraud", "risk")),
                List.of(tag("team", Op.LIKE, "fr%")),
                List.of(tag("team", Op.ILIKE, "FR%")),
                List.of(tag("team", Op.EQ, "fraud"), tag("owner", Op.EQ, "ann")),
                List.of(tag("owner", Op.LIKE, "%e%"), tag("team", Op.ILIKE, "fraud")),
                List.of(tag("team", Op.EQ, "nobody")));
        List<List<RegistrySearch.Order>> orders = List.of(List.of(),
                List.of(new RegistrySearch.Order(SortKey.NAME, false)),
                List.of(new RegistrySearch.Order(SortKey.CREATED, false)));
        RegistryQueries joins = new RegistryQueries(em, Integer.MAX_VALUE); // every equality term is rare
        RegistryQueries probes = new RegistryQueries(em, 0); // none is
        for (List<Term> terms : filters) {
            for (List<RegistrySearch.Order> order : orders) {
                for (int offset : new int[] {0, 1}) {
                    RegistrySearch search = search(terms, order, offset);
                    assertThat(names(probes, search)).as("%s %s from %d", terms, order, offset)
                            .isEqualTo(names(joins, search));
                }
            }
        }
        // and the answers are the right ones: names sort case-insensitively, as the Models page sorts them
        assertThat(names(probes, search(List.of(tag("team", Op.EQ, "fraud")), List.of(), 0))).containsExactly("A", "c");
        assertThat(names(joins, search(List.of(tag("team", Op.ILIKE, "fraud")), List.of(), 0)))
                .containsExactly("A", "c", "E");
        assertThat(names(probes, search(List.of(tag("team", Op.NE, "fraud")),
                List.of(new RegistrySearch.Order(SortKey.NAME, false)), 0))).containsExactly("E", "b");
    }

    @Test
    void an_equality_term_is_rare_when_fewer_tag_rows_than_the_threshold_hold_it() {
        String key = "k_" + seed.substring(seed.lastIndexOf('-') + 1); // a key no other test uses
        TestUsers.runAs("seeder", AppRole.CONTRIBUTOR, () -> {
            catalog.setModelTag(seed + "-A", key, "x");
            catalog.setModelTag(seed + "-b", key, "x");
            catalog.setModelTag(seed + "-c", key, "y");
        });
        RegistryQueries atTwo = new RegistryQueries(em, 2);
        assertThat(rare(atTwo, tag(key, Op.EQ, "y"))).isTrue();
        assertThat(rare(atTwo, tag(key, Op.EQ, "x"))).isFalse();
        assertThat(rare(atTwo, tag(key, Op.IN, "y"))).as("only equality is counted").isFalse();
        assertThat(names(atTwo, search(List.of(tag(key, Op.EQ, "x")), List.of(), 0))).containsExactly("A", "b");
        assertThat(names(atTwo, search(List.of(tag(key, Op.EQ, "y")), List.of(), 0))).containsExactly("c");
    }

    private boolean rare(RegistryQueries queries, Term term) {
        return Boolean.TRUE.equals(transactions.execute(tx -> queries.rare(term)));
    }

    private RegistrySearch search(List<Term> terms, List<RegistrySearch.Order> order, int offset) {
        List<Term> all = new ArrayList<>(terms);
        all.add(0, new Term(Field.NAME, null, Op.LIKE, List.of(seed + "-%")));
        return new RegistrySearch(all, order, offset, 50);
    }

    private List<String> names(RegistryQueries queries, RegistrySearch search) {
        return transactions.execute(tx -> queries.models(search).stream()
                .map(m -> m.name().substring(seed.length() + 1)).toList());
    }

    private static Term tag(String key, Op op, String... values) {
        return new Term(Field.TAG, key, op, List.of(values));
    }
}
