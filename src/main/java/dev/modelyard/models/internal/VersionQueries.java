package dev.modelyard.models.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Component;

/** Pages through versions as Slices: fetches one row more than asked instead of running a COUNT. */
@Component
public class VersionQueries {

    private final EntityManager em;

    VersionQueries(EntityManager em) {
        this.em = em;
    }

    public Slice<ModelVersion> slice(Specification<ModelVersion> spec, Pageable page) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<ModelVersion> query = cb.createQuery(ModelVersion.class);
        Root<ModelVersion> root = query.from(ModelVersion.class);
        root.fetch("model");
        query.select(root).where(spec.toPredicate(root, query, cb));
        query.orderBy(QueryUtils.toOrders(page.getSort(), root, cb));
        List<ModelVersion> rows = em.createQuery(query)
                .setFirstResult((int) page.getOffset())
                .setMaxResults(page.getPageSize() + 1)
                .getResultList();
        boolean hasNext = rows.size() > page.getPageSize();
        return new SliceImpl<>(hasNext ? rows.subList(0, page.getPageSize()) : rows, page, hasNext);
    }

    /**
     * Model rows for the versions a {@link VersionSpecs#latestPerModel} page shows, each with the number of its
     * model's newest version in {@code scope}: read from the shown version when it is that one (always, without
     * conditions), otherwise looked up for the whole page at once by primary key.
     */
    public Slice<ModelSummary> modelRows(Slice<ModelVersion> shown, ArchivedFilter scope, VersionMapper mapper) {
        Map<Long, Long> newestIdOf = new HashMap<>();
        for (ModelVersion v : shown) {
            RegisteredModel m = v.model();
            Long newest = scope == ArchivedFilter.ACTIVE ? m.latestActiveVersionId() : m.latestVersionId();
            if (newest != null && !newest.equals(v.id())) {
                newestIdOf.put(v.id(), newest);
            }
        }
        Map<Long, Integer> numbers = new HashMap<>();
        if (!newestIdOf.isEmpty()) {
            em.createQuery("select v.id, v.version from ModelVersion v where v.id in :ids", Object[].class)
                    .setParameter("ids", newestIdOf.values()).getResultList()
                    .forEach(row -> numbers.put((Long) row[0], (Integer) row[1]));
        }
        return shown.map(v -> {
            Long newest = newestIdOf.get(v.id());
            Integer number = newest == null ? null : numbers.get(newest);
            return mapper.modelSummary(v, number == null ? v.version() : number);
        });
    }
}
