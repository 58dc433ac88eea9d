package dev.modelyard.models.internal;

import dev.modelyard.base.SqlLike;
import dev.modelyard.search.Globs;
import dev.modelyard.search.QueryNode;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.Locale;

/**
 * Translates a parsed query into one SQL predicate over model versions, so the database does all the
 * filtering. Tag terms become {@code id IN (select version_id from version_tag where key = … and …)}, which
 * the (tag_key, tag_value) and (tag_key, tag_number) indexes serve.
 *
 * <p>Semantics worth knowing: {@code team!=risk} matches versions that have a {@code team} tag with another
 * value; {@code NOT team=risk} also matches versions without the tag. Globs and names compare
 * case-insensitively, {@code =} on tag values exactly.
 */
final class QueryPredicates {

    private final Root<ModelVersion> root;
    private final CriteriaQuery<?> query;
    private final CriteriaBuilder cb;

    QueryPredicates(Root<ModelVersion> root, CriteriaQuery<?> query, CriteriaBuilder cb) {
        this.root = root;
        this.query = query;
        this.cb = cb;
    }

    Predicate of(QueryNode node) {
        // Java 17 has no pattern switch; the chain covers every permitted subtype of the sealed interface
        if (node instanceof QueryNode.And and) {
            return cb.and(and.terms().stream().map(this::of).toArray(Predicate[]::new));
        } else if (node instanceof QueryNode.Or or) {
            return cb.or(or.terms().stream().map(this::of).toArray(Predicate[]::new));
        } else if (node instanceof QueryNode.Not not) {
            return cb.not(of(not.term()));
        } else if (node instanceof QueryNode.Text text) {
            return text(text.text());
        } else if (node instanceof QueryNode.TagExists exists) {
            return tagWhere(exists.key(), null);
        } else if (node instanceof QueryNode.TagCompare compare) {
            return tagCompare(compare);
        } else if (node instanceof QueryNode.TagNumber number) {
            return tagNumber(number);
        } else if (node instanceof QueryNode.FieldCompare field) {
            return field(field);
        } else if (node instanceof QueryNode.CreatedCompare created) {
            return compare(root.get("createdAt"), created.op(), created.value());
        }
        throw new IllegalArgumentException("unknown query node " + node.getClass().getSimpleName());
    }

    private Predicate text(String text) {
        Join<ModelVersion, RegisteredModel> model = modelJoin();
        String like = SqlLike.containing(text.toLowerCase(Locale.ROOT));
        return cb.or(cb.like(cb.lower(model.get("name")), like, '\\'),
                cb.like(cb.lower(cb.coalesce(root.get("description"), "")), like, '\\'));
    }

    private Predicate tagCompare(QueryNode.TagCompare c) {
        return tagWhere(c.key(), value -> switch (c.op()) {
            case EQ -> cb.equal(value.get("value"), c.value());
            case NE -> cb.notEqual(value.get("value"), c.value());
            case GLOB -> cb.like(cb.lower(value.get("value")), Globs.toLikePattern(c.value().toLowerCase(Locale.ROOT)), '\\');
            case NOT_GLOB -> cb.notLike(cb.lower(value.get("value")),
                    Globs.toLikePattern(c.value().toLowerCase(Locale.ROOT)), '\\');
            default -> throw new IllegalArgumentException("operator " + c.op() + " does not apply to tag text");
        });
    }

    private Predicate tagNumber(QueryNode.TagNumber n) {
        return tagWhere(n.key(), value -> compare(value.get("number"), n.op(), n.value()));
    }

    /** {@code id IN (versions having tag key, optionally with a condition on its value)}. */
    private Predicate tagWhere(String key, java.util.function.Function<Path<TagValue>, Predicate> onValue) {
        Subquery<Long> sub = query.subquery(Long.class);
        Root<ModelVersion> tagged = sub.from(ModelVersion.class);
        MapJoin<ModelVersion, String, TagValue> tags = tagged.joinMap("tags");
        Predicate keyMatches = cb.equal(tags.key(), key);
        sub.select(tagged.get("id")).where(onValue == null ? keyMatches : cb.and(keyMatches, onValue.apply(tags.value())));
        return root.get("id").in(sub);
    }

    private Predicate field(QueryNode.FieldCompare f) {
        Expression<String> column = switch (f.field()) {
            case NAME -> cb.lower(modelJoin().get("name"));
            case TYPE -> root.get("type");
            case CREATED_BY -> cb.lower(root.get("createdBy"));
        };
        String value = f.field() == QueryNode.Field.TYPE ? f.value() : f.value().toLowerCase(Locale.ROOT);
        return switch (f.op()) {
            case EQ -> cb.equal(column, value);
            case NE -> cb.notEqual(column, value);
            case GLOB -> cb.like(column, Globs.toLikePattern(value), '\\');
            case NOT_GLOB -> cb.notLike(column, Globs.toLikePattern(value), '\\');
            default -> throw new IllegalArgumentException("operator " + f.op() + " does not apply to " + f.field());
        };
    }

    private <T extends Comparable<? super T>> Predicate compare(Expression<T> column, QueryNode.Op op, T value) {
        return switch (op) {
            case EQ -> cb.equal(column, value);
            case NE -> cb.notEqual(column, value);
            case GT -> cb.greaterThan(column, value);
            case GE -> cb.greaterThanOrEqualTo(column, value);
            case LT -> cb.lessThan(column, value);
            case LE -> cb.lessThanOrEqualTo(column, value);
            default -> throw new IllegalArgumentException("operator " + op + " does not compare");
        };
    }

    @SuppressWarnings("unchecked")
    private Join<ModelVersion, RegisteredModel> modelJoin() {
        // reuse the join (or fetch) the outer query already made, so each term doesn't add one
        return (Join<ModelVersion, RegisteredModel>) java.util.stream.Stream.concat(root.getJoins().stream(),
                        root.getFetches().stream().filter(Join.class::isInstance).map(Join.class::cast))
                .filter(j -> j.getAttribute().getName().equals("model")).findFirst()
                .orElseGet(() -> root.join("model", JoinType.INNER));
    }
}
