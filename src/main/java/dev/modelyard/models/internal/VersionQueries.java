package dev.modelyard.models.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.List;
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
}
