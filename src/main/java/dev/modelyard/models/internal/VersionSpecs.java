package dev.modelyard.models.internal;

import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import dev.modelyard.workspaces.CurrentWorkspace;
import jakarta.persistence.criteria.Predicate;
import java.util.ArrayList;
import java.util.List;
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
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            // isolation: every version search is confined to the current workspace (docs/decisions/009)
            where.add(cb.equal(QueryPredicates.modelJoin(root).get("workspaceId"), CurrentWorkspace.id()));
            switch (filter.archived()) {
                case ACTIVE -> where.add(cb.isFalse(root.get("archived")));
                case ARCHIVED -> where.add(cb.isTrue(root.get("archived")));
                case ALL -> { }
            }
            if (filter.type() != null) {
                where.add(cb.equal(root.get("type"), filter.type().wireName()));
            }
            QueryParser.parse(filter.query())
                    .ifPresent(node -> where.add(new QueryPredicates(root, query, cb, rare).of(node)));
            for (ModelFilter.TagCondition tag : filter.tags()) {
                where.add(new QueryPredicates(root, query, cb, rare).of(asNode(tag)));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    /** A filter's tag condition as the query term it means. */
    static QueryNode asNode(ModelFilter.TagCondition tag) {
        return tag.value() == null ? new QueryNode.TagExists(tag.key())
                : new QueryNode.TagCompare(tag.key(), QueryNode.Op.EQ, tag.value());
    }

    /**
     * The representative version of each model: its newest version among those the archived filter allows
     * (the newest active one, or for ALL and ARCHIVED the newest of all), then narrowed by the other conditions.
     * The model row points at both (docs/decisions/008), so each model costs one primary-key lookup and a page
     * sorted by name walks the name index and stops when it is full.
     */
    public static Specification<ModelVersion> latestPerModel(ModelFilter filter, Set<QueryNode> rare) {
        Specification<ModelVersion> newest = (root, query, cb) -> cb.equal(root.get("id"),
                QueryPredicates.modelJoin(root).get(filter.archived() == ArchivedFilter.ACTIVE
                        ? "latestActiveVersionId" : "latestVersionId"));
        return newest.and(matching(filter, rare));
    }
}
