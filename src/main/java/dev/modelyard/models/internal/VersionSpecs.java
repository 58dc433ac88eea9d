package dev.modelyard.models.internal;

import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import dev.modelyard.workspaces.CurrentWorkspace;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.jpa.domain.Specification;

/** Filters over model versions, all evaluated by the database. */
public final class VersionSpecs {

    private VersionSpecs() {
    }

    /** Versions that match the filter (each version on its own). */
    public static Specification<ModelVersion> matching(ModelFilter filter) {
        return matching(filter, Set.of());
    }

    /**
     * Versions that match the filter; the {@code rare} tag conditions (see {@link TagSelectivity}) are written so
     * the database starts from the tag index, the others so it checks them per version.
     */
    public static Specification<ModelVersion> matching(ModelFilter filter, Set<QueryNode> rare) {
        Optional<QueryNode> parsed = QueryParser.parse(filter.query());
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            // isolation: every version search is confined to the current workspace (docs/decisions/009)
            where.add(cb.equal(QueryPredicates.modelJoin(root).get("workspaceId"), CurrentWorkspace.id()));
            where.addAll(versionConditions(root, query, cb, filter, parsed, rare));
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    /** What one version must satisfy to match: its archived state, type, query and tag conditions. */
    private static List<Predicate> versionConditions(Root<ModelVersion> root, AbstractQuery<?> query,
                                                     CriteriaBuilder cb, ModelFilter filter,
                                                     Optional<QueryNode> parsed, Set<QueryNode> rare) {
        List<Predicate> where = new ArrayList<>();
        switch (filter.archived()) {
            case ACTIVE -> where.add(cb.isFalse(root.get("archived")));
            case ARCHIVED -> where.add(cb.isTrue(root.get("archived")));
            case ALL -> { }
        }
        if (filter.type() != null) {
            where.add(cb.equal(root.get("type"), filter.type().wireName()));
        }
        QueryPredicates predicates = new QueryPredicates(root, query, cb, rare);
        parsed.ifPresent(node -> where.add(predicates.of(node)));
        for (ModelFilter.TagCondition tag : filter.tags()) {
            where.add(predicates.of(asNode(tag)));
        }
        return where;
    }

    /** A filter's tag condition as the query term it means. */
    static QueryNode asNode(ModelFilter.TagCondition tag) {
        return tag.value() == null ? new QueryNode.TagExists(tag.key())
                : new QueryNode.TagCompare(tag.key(), QueryNode.Op.EQ, tag.value());
    }

    /**
     * One version per model: the newest of its versions that match the filter, so a model is listed when any of
     * its versions in the archived filter's scope matches (docs/decisions/017). Every condition, {@code NOT}
     * included, is judged per version.
     *
     * <p>Without a query, type or tag condition the newest matching version is the newest one the archived filter
     * allows, which the model row points at (docs/decisions/008): one primary-key lookup per model, and a page
     * sorted by name walks the name index and stops when it is full. With conditions, a version is kept when it
     * matches and no newer version of its model does ({@code NOT EXISTS}, a range of the (model, archived, id)
     * index that is empty for the newest version): the walk is the same, each model's versions are checked from
     * that index, and the rare terms still let the tag index start the plan.
     */
    public static Specification<ModelVersion> latestPerModel(ModelFilter filter, Set<QueryNode> rare) {
        // always true (name keys are never null, '' sorts first), but a condition on the (workspace, name key)
        // index's second column: H2 then prefers that index, whose order is the page's, to the workspace foreign
        // key's own index, and stops at the end of the page instead of sorting the workspace's every model. Not
        // with a rare term: those few versions are best found from the tag index first (docs/decisions/008)
        Specification<ModelVersion> walkNames = (root, query, cb) -> rare.isEmpty()
                ? cb.greaterThanOrEqualTo(QueryPredicates.modelJoin(root).<String>get("nameKey"), "")
                : cb.conjunction();
        if (unconditional(filter) && filter.archived() != ArchivedFilter.ARCHIVED) {
            Specification<ModelVersion> newest = (root, query, cb) -> cb.equal(root.get("id"),
                    QueryPredicates.modelJoin(root).get(filter.archived() == ArchivedFilter.ACTIVE
                            ? "latestActiveVersionId" : "latestVersionId"));
            return newest.and(matching(filter, rare)).and(walkNames);
        }
        Optional<QueryNode> parsed = QueryParser.parse(filter.query());
        Specification<ModelVersion> noNewerMatch = (root, query, cb) -> {
            Subquery<Integer> newer = query.subquery(Integer.class);
            Root<ModelVersion> other = newer.from(ModelVersion.class);
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(other.get("model"), root.get("model")));
            where.add(cb.greaterThan(other.<Long>get("id"), root.<Long>get("id")));
            where.addAll(versionConditions(other, newer, cb, filter, parsed, Set.of()));
            newer.select(cb.literal(1)).where(where.toArray(Predicate[]::new));
            return cb.not(cb.exists(newer));
        };
        return matching(filter, rare).and(noNewerMatch).and(walkNames);
    }

    /** No condition beyond the archived scope: every version in scope matches. */
    static boolean unconditional(ModelFilter filter) {
        return filter.type() == null && filter.tags().isEmpty() && QueryParser.parse(filter.query()).isEmpty();
    }
}
