package dev.modelyard.models.internal;

import dev.modelyard.base.SqlLike;
import dev.modelyard.search.Globs;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.query.sqm.NodeBuilder;
import dev.modelyard.search.QueryNode;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates a parsed query into one SQL predicate over model versions, so the database does all the
 * filtering. Tag terms become {@code EXISTS (select 1 from version_tag where version_id = v.id and tag_key = …
 * and …)}: one primary-key probe per version looked at, so a page sorted by name stops reading as soon as it is
 * full instead of first collecting every version that has the tag; the rare terms {@link TagSelectivity} picks
 * stay {@code id IN (…)}, so the tag index drives those searches (docs/decisions/008). Names compare through
 * the lower-cased name key, so {@code name=…} and {@code name~prefix*} are ranges of its unique index.
 *
 * <p>Semantics worth knowing: {@code team!=risk} matches versions that have a {@code team} tag with another
 * value; {@code NOT team=risk} also matches versions without the tag. Globs and names compare
 * case-insensitively, {@code =} on tag values exactly.
 */
final class QueryPredicates {

    private final Root<ModelVersion> root;
    private final AbstractQuery<?> query;
    private final CriteriaBuilder cb;
    private final Set<QueryNode> rare;
    static final String MODEL_TAG_PREFIX = "model.";
    private final boolean h2;

    /**
     * {@code rare}: tag conditions few versions satisfy, written as {@code IN} so the tag index drives the plan.
     * {@code query} is the query (or subquery) {@code root} belongs to; tag terms become its subqueries.
     */
    QueryPredicates(Root<ModelVersion> root, AbstractQuery<?> query, CriteriaBuilder cb, Set<QueryNode> rare) {
        this.root = root;
        this.query = query;
        this.cb = cb;
        this.rare = rare;
        this.h2 = isH2(cb);
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
            return isModelTag(exists.key()) ? modelTagWhere(exists.key(), null) : tagWhere(node, exists.key(), null);
        } else if (node instanceof QueryNode.TagCompare compare) {
            return isModelTag(compare.key()) ? modelTagCompare(compare) : tagCompare(compare);
        } else if (node instanceof QueryNode.TagNumber number) {
            if (isModelTag(number.key())) {
                throw new dev.modelyard.base.InvalidInputException(dev.modelyard.search.QuerySyntaxException.FIELD,
                        "model-level tags ('" + number.key() + "') compare as text: use =, !=, ~ or !~");
            }
            return tagNumber(number);
        } else if (node instanceof QueryNode.FieldCompare field) {
            return field(field);
        } else if (node instanceof QueryNode.CreatedCompare created) {
            return compare(root.get("createdAt"), created.op(), created.value());
        }
        throw new IllegalArgumentException("unknown query node " + node.getClass().getSimpleName());
    }

    private Predicate text(String text) {
        Join<ModelVersion, RegisteredModel> model = modelJoin(root);
        String like = SqlLike.containing(text.toLowerCase(Locale.ROOT));
        return cb.or(cb.like(model.get("nameKey"), like, '\\'),
                cb.like(cb.lower(cb.coalesce(root.get("description"), "")), like, '\\'));
    }

    private Predicate tagCompare(QueryNode.TagCompare c) {
        return tagWhere(c, c.key(), value -> switch (c.op()) {
            case EQ -> cb.equal(value.get("value"), c.value());
            case NE -> cb.notEqual(value.get("value"), c.value());
            case GLOB -> glob(cb.lower(value.get("value")), c.value().toLowerCase(Locale.ROOT));
            case NOT_GLOB -> cb.not(glob(cb.lower(value.get("value")), c.value().toLowerCase(Locale.ROOT)));
            default -> throw new IllegalArgumentException("operator " + c.op() + " does not apply to tag text");
        });
    }

    /** Keys written {@code model.<key>} name the model's own tags (MLflow's registered-model tags), not a version's. */
    static boolean isModelTag(String key) {
        return key.startsWith(MODEL_TAG_PREFIX) && key.length() > MODEL_TAG_PREFIX.length();
    }

    private Predicate modelTagCompare(QueryNode.TagCompare c) {
        return modelTagWhere(c.key(), value -> switch (c.op()) {
            case EQ -> cb.equal(value, c.value());
            case NE -> cb.notEqual(value, c.value());
            case GLOB -> cb.like(cb.lower(value), Globs.toLikePattern(c.value().toLowerCase(Locale.ROOT)), '\\');
            case NOT_GLOB -> cb.notLike(cb.lower(value), Globs.toLikePattern(c.value().toLowerCase(Locale.ROOT)), '\\');
            default -> throw new IllegalArgumentException("operator " + c.op() + " does not apply to tag text");
        });
    }

    /** The version's model has tag {@code model.<key>} (with a condition on its value, if given). */
    private Predicate modelTagWhere(String prefixedKey, Function<Path<String>, Predicate> onValue) {
        Subquery<Integer> sub = query.subquery(Integer.class);
        Root<RegisteredModel> model = sub.from(RegisteredModel.class);
        MapJoin<RegisteredModel, String, String> tags = model.joinMap("tags");
        Predicate keyMatches = cb.and(cb.equal(model.get("id"), modelJoin(root).get("id")),
                cb.equal(tags.key(), prefixedKey.substring(MODEL_TAG_PREFIX.length())));
        sub.select(cb.literal(1)).where(onValue == null ? keyMatches : cb.and(keyMatches, onValue.apply(tags.value())));
        return cb.exists(sub);
    }

    private Predicate tagNumber(QueryNode.TagNumber n) {
        return tagWhere(n, n.key(), value -> compare(value.get("number"), n.op(), n.value()));
    }

    /**
     * The version has tag {@code key} (optionally with a condition on its value): {@code EXISTS} (this version's
     * tag), checked per version as models are walked in order; for a rare term, {@code id IN} (versions having
     * it), which starts from the tag index. Both select the same versions.
     */
    private Predicate tagWhere(QueryNode term, String key, Function<Path<TagValue>, Predicate> onValue) {
        if (rare.contains(term)) {
            Subquery<Long> sub = query.subquery(Long.class);
            Root<ModelVersion> tagged = sub.from(ModelVersion.class);
            MapJoin<ModelVersion, String, TagValue> tags = tagged.joinMap("tags");
            sub.select(tagged.get("id")).where(condition(tags, key, onValue));
            return root.get("id").in(sub);
        }
        Subquery<Integer> sub = query.subquery(Integer.class);
        MapJoin<ModelVersion, String, TagValue> tags = sub.correlate(root).joinMap("tags");
        sub.select(cb.literal(1)).where(condition(tags, key, onValue));
        return cb.exists(sub);
    }

    private Predicate condition(MapJoin<ModelVersion, String, TagValue> tags, String key,
                                Function<Path<TagValue>, Predicate> onValue) {
        Predicate keyMatches = cb.equal(tags.key(), key);
        return onValue == null ? keyMatches : cb.and(keyMatches, onValue.apply(tags.value()));
    }

    private Predicate field(QueryNode.FieldCompare f) {
        Expression<String> column = switch (f.field()) {
            case NAME -> modelJoin(root).get("nameKey");
            case TYPE -> root.get("type");
            case CREATED_BY -> cb.lower(root.get("createdBy"));
        };
        String value = f.field() == QueryNode.Field.TYPE ? f.value() : f.value().toLowerCase(Locale.ROOT);
        return switch (f.op()) {
            case EQ -> cb.equal(column, value);
            case NE -> cb.notEqual(column, value);
            case GLOB -> glob(column, value);
            case NOT_GLOB -> cb.not(glob(column, value));
            default -> throw new IllegalArgumentException("operator " + f.op() + " does not apply to " + f.field());
        };
    }

    /**
     * A glob as LIKE where LIKE cannot backtrack (and where {@code prefix*} can use an index); otherwise, on H2, as
     * a regular expression that cannot either ({@link Globs#toRegex}). PostgreSQL's LIKE gives up a failed branch
     * at once instead of retrying it, and its statement timeout interrupts a row, so it keeps LIKE.
     */
    private Predicate glob(Expression<String> column, String glob) {
        if (Globs.backtracks(glob) && h2) {
            return cb.isTrue(cb.function("REGEXP_LIKE", Boolean.class, column, cb.literal(Globs.toRegex(glob)),
                    cb.literal("n")));
        }
        return cb.like(column, Globs.toLikePattern(glob), '\\');
    }

    private static boolean isH2(CriteriaBuilder cb) {
        return cb instanceof NodeBuilder nodes
                && nodes.getSessionFactory().getJdbcServices().getDialect() instanceof H2Dialect;
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

    /** The version's model: the join (or fetch) the query already made, so no term adds another. */
    @SuppressWarnings("unchecked")
    static Join<ModelVersion, RegisteredModel> modelJoin(Root<ModelVersion> root) {
        return (Join<ModelVersion, RegisteredModel>) java.util.stream.Stream.concat(root.getJoins().stream(),
                        root.getFetches().stream().filter(Join.class::isInstance).map(Join.class::cast))
                .filter(j -> j.getAttribute().getName().equals("model")).findFirst()
                .orElseGet(() -> root.join("model", JoinType.INNER));
    }
}
