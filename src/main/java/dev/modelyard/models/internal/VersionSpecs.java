package dev.modelyard.models.internal;

import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            if (filter.text() != null && !filter.text().isBlank()) {
                Join<ModelVersion, RegisteredModel> model = root.join("model");
                for (String word : filter.text().trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                    String like = "%" + escapeLike(word) + "%";
                    where.add(cb.or(
                            cb.like(cb.lower(model.get("name")), like, '\\'),
                            cb.like(cb.lower(cb.coalesce(root.get("description"), "")), like, '\\')));
                }
            }
            for (ModelFilter.TagCondition tag : filter.tags()) {
                where.add(hasTag(root, query.subquery(Long.class), cb, tag));
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

    private static Predicate hasTag(Root<ModelVersion> root, Subquery<Long> sub, CriteriaBuilder cb,
                                    ModelFilter.TagCondition tag) {
        Root<ModelVersion> v = sub.from(ModelVersion.class);
        MapJoin<ModelVersion, String, TagValue> tags = v.joinMap("tags");
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(v.get("id"), root.get("id")));
        where.add(cb.equal(tags.key(), tag.key()));
        if (tag.value() != null) {
            where.add(cb.equal(tags.value().get("value"), tag.value()));
        }
        sub.select(v.get("id")).where(where.toArray(Predicate[]::new));
        return cb.exists(sub);
    }

    private static String escapeLike(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
