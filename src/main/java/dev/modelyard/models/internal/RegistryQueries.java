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
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link RegistrySearch} over models or versions in the database: one query, ordered with the unique
 * tie-break MLflow uses (name, then version), windowed by offset and limit. Tag terms join the tag table on its
 * (key, value) index, one join per term.
 */
@Component
public class RegistryQueries {

    /** Reading this many tag rows and sorting their models stays within a few milliseconds (as TagSelectivity). */
    static final int RARE = 5_000;

    /** How long a rare-or-common decision is reused. */
    static final long DECISION_TTL_NANOS = 30_000_000_000L;
    private static final int MAX_DECISIONS = 4_096;

    private final EntityManager em;
    private final int rareBelow;
    private final Map<List<String>, Decision> decisions = new ConcurrentHashMap<>();

    @Autowired
    RegistryQueries(EntityManager em) {
        this(em, RARE);
    }

    /** With another threshold: for tests, which cannot afford thousands of rows. */
    RegistryQueries(EntityManager em, int rareBelow) {
        this.em = em;
        this.rareBelow = rareBelow;
    }

    /**
     * Models matching every term, in order; at most {@code limit} rows from {@code offset}.
     *
     * <p>The plan is chosen as for the Models page (docs/decisions/008): names sort by their key, the order of the
     * (workspace, name key) unique index, so a search sorted by name walks that index and stops when the page is
     * full. A common tag term is then a correlated {@code EXISTS}, one primary-key probe of the model's tag row per
     * model walked; a rare one (fewer than {@value #RARE} tag rows) is a join from the (key, value) index, whose few
     * rows are sorted. Both forms select the same models; only the plan differs.
     */
    public List<RegisteredModel> models(RegistrySearch search) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<RegisteredModel> query = cb.createQuery(RegisteredModel.class);
        Root<RegisteredModel> root = query.from(RegisteredModel.class);
        List<Predicate> where = new ArrayList<>();
        // isolation: only the current workspace's models (docs/decisions/009)
        where.add(cb.equal(root.get("workspaceId"), CurrentWorkspace.id()));
        boolean rareTerm = false;
        for (RegistrySearch.Term term : search.terms()) {
            switch (term.field()) {
                case NAME -> where.add(compare(cb, root.get("name"), term));
                case TAG -> {
                    if (rare(term)) {
                        rareTerm = true;
                        where.add(tag(cb, root.<RegisteredModel, String, String>joinMap("tags"), null, term));
                    } else {
                        Subquery<Integer> tagged = query.subquery(Integer.class);
                        Root<RegisteredModel> same = tagged.correlate(root);
                        tagged.select(cb.literal(1)).where(tag(cb, same.<RegisteredModel, String, String>joinMap("tags"),
                                null, term));
                        where.add(cb.exists(tagged));
                    }
                }
                default -> throw new IllegalArgumentException(term.field() + " does not apply to models");
            }
        }
        List<Order> orders = new ArrayList<>();
        boolean byName = search.orders().isEmpty() || search.orders().get(0).key() == RegistrySearch.SortKey.NAME;
        if (byName) {
            // spelled as the unique index's columns (workspace, name key), in the page's direction, so the index
            // serves the sort (a constant first column would not tell H2 so)
            boolean ascending = search.orders().isEmpty() || search.orders().get(0).ascending();
            orders.add(ascending ? cb.asc(root.get("workspaceId")) : cb.desc(root.get("workspaceId")));
        }
        for (RegistrySearch.Order o : search.orders()) {
            Expression<?> key = switch (o.key()) {
                // names are unique by their key within a workspace: the key is a total order, no tie-break needed
                case NAME -> root.get("nameKey");
                case CREATED -> root.get("createdAt");
                case UPDATED -> root.get("updatedAt");
                default -> throw new IllegalArgumentException(o.key() + " does not apply to models");
            };
            orders.add(o.ascending() ? cb.asc(key) : cb.desc(key));
        }
        if (search.orders().stream().noneMatch(o -> o.key() == RegistrySearch.SortKey.NAME)) {
            orders.add(cb.asc(root.get("nameKey")));
        }
        if (byName && !rareTerm) {
            // always true (keys are never null, '' sorts first), but a condition on the index's second column: H2
            // then prefers the (workspace, name key) index, whose order is the answer's, to the workspace foreign
            // key's index, and stops at the end of the page instead of sorting every match (decision 017)
            where.add(cb.greaterThanOrEqualTo(root.get("nameKey"), ""));
        }
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(orders);
        return em.createQuery(query).setFirstResult(search.offset()).setMaxResults(search.limit()).getResultList();
    }

    /**
     * Whether fewer than {@value #RARE} model tag rows satisfy an equality term: counted by a query that stops there,
     * and remembered for {@link #DECISION_TTL_NANOS a while} (reading up to 5,000 index entries cost about as much
     * as the search itself). A stale decision only picks the slower of two plans; the answer is the same.
     */
    boolean rare(RegistrySearch.Term term) {
        if (term.op() != RegistrySearch.Op.EQ) {
            return false;
        }
        List<String> key = List.of(term.key(), term.values().get(0));
        long now = System.nanoTime();
        Decision known = decisions.get(key);
        if (known != null && now - known.at() < DECISION_TTL_NANOS) {
            return known.rare();
        }
        boolean rare = em.createNativeQuery("select 1 from model_tag where tag_key = ?1 and tag_value = ?2")
                .setParameter(1, term.key()).setParameter(2, term.values().get(0))
                .setMaxResults(rareBelow).getResultList().size() < rareBelow;
        if (decisions.size() >= MAX_DECISIONS) {
            decisions.clear(); // a cache, safe to lose: bounded rather than clever
        }
        decisions.put(key, new Decision(rare, now));
        return rare;
    }

    private record Decision(boolean rare, long at) {
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
