package dev.modelyard.models.internal;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.models.RegistrySearch;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link RegistrySearch} over models or versions in the database: one query, ordered with the unique
 * tie-break MLflow uses (name, then version), windowed by offset and limit. Tag terms join the tag table on its
 * (key, value) index, one join per term.
 */
@Component
public class RegistryQueries {

    private final EntityManager em;

    RegistryQueries(EntityManager em) {
        this.em = em;
    }

    /** Models matching every term, in order; at most {@code limit} rows from {@code offset}. */
    public List<RegisteredModel> models(RegistrySearch search) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<RegisteredModel> query = cb.createQuery(RegisteredModel.class);
        Root<RegisteredModel> root = query.from(RegisteredModel.class);
        List<Predicate> where = new ArrayList<>();
        // isolation: only the current workspace's models (docs/decisions/009)
        where.add(cb.equal(root.get("workspaceId"), CurrentWorkspace.id()));
        for (RegistrySearch.Term term : search.terms()) {
            where.add(switch (term.field()) {
                case NAME -> compare(cb, root.get("name"), term);
                case TAG -> tag(cb, root.<RegisteredModel, String, String>joinMap("tags"), null, term);
                default -> throw new IllegalArgumentException(term.field() + " does not apply to models");
            });
        }
        List<Order> orders = new ArrayList<>();
        for (RegistrySearch.Order o : search.orders()) {
            Expression<?> key = switch (o.key()) {
                case NAME -> root.get("name");
                case CREATED -> root.get("createdAt");
                case UPDATED -> root.get("updatedAt");
                default -> throw new IllegalArgumentException(o.key() + " does not apply to models");
            };
            orders.add(o.ascending() ? cb.asc(key) : cb.desc(key));
        }
        if (search.orders().stream().noneMatch(o -> o.key() == RegistrySearch.SortKey.NAME)) {
            orders.add(cb.asc(root.get("name")));
        }
        orders.add(cb.asc(root.get("id")));
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(orders);
        return em.createQuery(query).setFirstResult(search.offset()).setMaxResults(search.limit()).getResultList();
    }

    /** Versions matching every term, in order; at most {@code limit} rows from {@code offset}. */
    public List<ModelVersion> versions(RegistrySearch search) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<ModelVersion> query = cb.createQuery(ModelVersion.class);
        Root<ModelVersion> root = query.from(ModelVersion.class);
        root.fetch("model");
        From<ModelVersion, RegisteredModel> model = root.join("model");
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(model.get("workspaceId"), CurrentWorkspace.id()));
        for (RegistrySearch.Term term : search.terms()) {
            where.add(switch (term.field()) {
                case NAME -> compare(cb, model.get("name"), term);
                case VERSION -> number(cb, root.get("version"), term);
                case RUN_ID -> compare(cb, root.get("runId"), term);
                case SOURCE -> compare(cb, root.get("sourceUri"), term);
                case TAG -> {
                    MapJoin<ModelVersion, String, TagValue> tags = root.joinMap("tags");
                    yield tag(cb, tags, tags.value().get("value"), term);
                }
            });
        }
        List<Order> orders = new ArrayList<>();
        for (RegistrySearch.Order o : search.orders()) {
            Expression<?> key = switch (o.key()) {
                case NAME -> model.get("name");
                case VERSION -> root.get("version");
                case CREATED -> root.get("createdAt");
                case UPDATED -> root.get("updatedAt");
            };
            orders.add(o.ascending() ? cb.asc(key) : cb.desc(key));
        }
        if (search.orders().isEmpty()) {
            // MLflow's default for version search: newest registrations first
            orders.add(cb.desc(root.get("createdAt")));
        }
        orders.add(cb.asc(model.get("name")));
        orders.add(cb.desc(root.get("version")));
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(orders);
        return em.createQuery(query).setFirstResult(search.offset()).setMaxResults(search.limit()).getResultList();
    }

    private static Predicate tag(CriteriaBuilder cb, MapJoin<?, String, ?> tags, Path<String> value,
                                 RegistrySearch.Term term) {
        @SuppressWarnings("unchecked")
        Expression<String> text = value != null ? value : (Expression<String>) (Expression<?>) tags.value();
        return cb.and(cb.equal(tags.key(), term.key()), compareText(cb, text, term));
    }

    private static Predicate compare(CriteriaBuilder cb, Path<String> path, RegistrySearch.Term term) {
        return compareText(cb, path, term);
    }

    private static Predicate compareText(CriteriaBuilder cb, Expression<String> text, RegistrySearch.Term term) {
        String first = term.values().get(0);
        return switch (term.op()) {
            case EQ -> cb.equal(text, first);
            case NE -> cb.notEqual(text, first);
            case LIKE -> cb.like(text, first);
            case ILIKE -> cb.like(cb.lower(text), first.toLowerCase(Locale.ROOT));
            case IN -> text.in(term.values());
            default -> throw new IllegalArgumentException(term.op() + " does not apply to text");
        };
    }

    private static Predicate number(CriteriaBuilder cb, Path<Integer> path, RegistrySearch.Term term) {
        List<Integer> values = term.values().stream().map(Integer::valueOf).toList();
        Integer first = values.get(0);
        return switch (term.op()) {
            case EQ -> cb.equal(path, first);
            case NE -> cb.notEqual(path, first);
            case LT -> cb.lessThan(path, first);
            case LE -> cb.lessThanOrEqualTo(path, first);
            case GT -> cb.greaterThan(path, first);
            case GE -> cb.greaterThanOrEqualTo(path, first);
            case IN -> path.in(values);
            default -> throw new IllegalArgumentException(term.op() + " does not apply to numbers");
        };
    }
}
