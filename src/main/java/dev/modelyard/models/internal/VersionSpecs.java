package dev.modelyard.models.internal;

import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.search.QueryNode;
import dev.modelyard.search.QueryParser;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;

/** Filters over model versions, all evaluated by the database. */
public final class VersionSpecs {

    private VersionSpecs() {
    }

    /** Versions that match the filter (each version on its own). */
    public static Specification<ModelVersion> matching(ModelFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            switch (filter.archived()) {
                case ACTIVE -> where.add(cb.isFalse(root.get("archived")));
                case ARCHIVED -> where.add(cb.isTrue(root.get("archived")));
                case ALL -> { }
            }
            if (filter.type() != null) {
                where.add(cb.equal(root.get("type"), filter.type().wireName()));
            }
            QueryParser.parse(filter.query())
                    .ifPresent(node -> where.add(new QueryPredicates(root, query, cb).of(node)));
            for (ModelFilter.TagCondition tag : filter.tags()) {
                where.add(new QueryPredicates(root, query, cb).of(tag.value() == null
                        ? new QueryNode.TagExists(tag.key())
                        : new QueryNode.TagCompare(tag.key(), QueryNode.Op.EQ, tag.value())));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    /**
     * The representative version of each model: its newest version among those the archived filter allows,
     * then narrowed by the other conditions. For ARCHIVED, only models with no active version appear.
     */
    public static Specification<ModelVersion> latestPerModel(ModelFilter filter) {
        Specification<ModelVersion> newest = (root, query, cb) -> {
            Subquery<Long> max = query.subquery(Long.class);
            Root<ModelVersion> other = max.from(ModelVersion.class);
            List<Predicate> sameModel = new ArrayList<>();
            sameModel.add(cb.equal(other.get("model"), root.get("model")));
            if (filter.archived() == ArchivedFilter.ACTIVE) {
                sameModel.add(cb.isFalse(other.get("archived")));
            }
            max.select(cb.max(other.get("id"))).where(sameModel.toArray(Predicate[]::new));
            return cb.equal(root.get("id"), max);
        };
        return newest.and(matching(filter));
    }
}
