package dev.modelyard.models.internal;

import dev.modelyard.models.ModelFilter;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.HashSet;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the rare tag conditions of a search: conditions every match must satisfy (reached from the top of the
 * query through AND only) that fewer than {@link #RARE} tag rows satisfy, counted with a query that stops at the
 * cap ({@value #RARE}). A rare condition is best answered from the tag index ({@code IN}); a common one by walking models in name
 * order ({@code EXISTS}) — docs/decisions/008-models-page-at-scale.md. Both forms select the same versions, so
 * this only ever changes the plan, never the answer.
 */
@Component
public class TagSelectivity {

    /** Reading this many tag rows, their versions and models and sorting them stays within a few milliseconds. */
    static final int RARE = 5_000;

    private final EntityManager em;
    private final int rareBelow;

    @Autowired
    TagSelectivity(EntityManager em) {
        this(em, RARE);
    }

    /** With another threshold: for tests, which cannot afford thousands of rows. */
    TagSelectivity(EntityManager em, int rareBelow) {
        this.em = em;
        this.rareBelow = rareBelow;
    }

    /** The rare conditions among the filter's query and tag conditions; call inside a transaction. */
    public Set<QueryNode> rareTerms(ModelFilter filter) {
        Set<QueryNode> candidates = new HashSet<>();
        QueryParser.parse(filter.query()).ifPresent(node -> collect(node, candidates));
        for (ModelFilter.TagCondition tag : filter.tags()) {
            candidates.add(VersionSpecs.asNode(tag));
        }
        Set<QueryNode> rare = new HashSet<>();
        for (QueryNode term : candidates) {
            Query probe = probe(term);
            if (probe != null && probe.setMaxResults(rareBelow).getResultList().size() < rareBelow) {
                rare.add(term);
            }
        }
        return rare;
    }

    /** Model-level tag terms ({@code model.<key>}) are not version tags; the version tag index says nothing of them. */
    private static boolean modelTag(QueryNode node) {
        String key = node instanceof QueryNode.TagExists e ? e.key() : node instanceof QueryNode.TagCompare c ? c.key()
                : ((QueryNode.TagNumber) node).key();
        return QueryPredicates.isModelTag(key);
    }

    /** Tag conditions reached from the root through AND only: a match must satisfy each of them. */
    private static void collect(QueryNode node, Set<QueryNode> into) {
        if (node instanceof QueryNode.And and) {
            and.terms().forEach(t -> collect(t, into));
        } else if ((node instanceof QueryNode.TagExists || node instanceof QueryNode.TagCompare
                || node instanceof QueryNode.TagNumber) && !modelTag(node)) {
            into.add(node);
        }
    }

    /** A query listing the tag rows that satisfy the condition through an index, or null when no index serves it. */
    private Query probe(QueryNode term) {
        if (term instanceof QueryNode.TagExists exists) {
            return em.createNativeQuery("select 1 from version_tag where tag_key = ?1").setParameter(1, exists.key());
        }
        if (term instanceof QueryNode.TagCompare compare && compare.op() == QueryNode.Op.EQ) {
            return em.createNativeQuery("select 1 from version_tag where tag_key = ?1 and tag_value = ?2")
                    .setParameter(1, compare.key()).setParameter(2, compare.value());
        }
        if (term instanceof QueryNode.TagNumber number) {
            String op = switch (number.op()) {
                case GT -> ">";
                case GE -> ">=";
                case LT -> "<";
                case LE -> "<=";
                default -> null;
            };
            if (op != null) {
                return em.createNativeQuery("select 1 from version_tag where tag_key = ?1 and tag_number " + op + " ?2")
                        .setParameter(1, number.key()).setParameter(2, number.value());
            }
        }
        return null;
    }
}
