package dev.modelyard.audit.internal;

import dev.modelyard.base.SqlLike;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.stereotype.Component;

/** The filtered, newest-first reads of the audit history; a Slice (one row more than the page), never a COUNT. */
@Component
public class AuditQueries {

    @PersistenceContext
    private EntityManager em;

    /**
     * @param workspaceId the workspace, or null for the entries of no workspace
     * @param actor       exact user name, or null
     * @param action      an action name or a prefix of one ending before a dot ({@code model.version}), or null
     * @param targets     the targets to show (any of them), or null for all
     */
    public Slice<AuditEntry> find(Long workspaceId, String actor, String action, Collection<String> targets,
                                  Instant from, Instant to, Pageable page) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AuditEntry> query = cb.createQuery(AuditEntry.class);
        Root<AuditEntry> e = query.from(AuditEntry.class);
        List<Predicate> where = new ArrayList<>();
        where.add(workspaceId == null ? cb.isNull(e.get("workspaceId")) : cb.equal(e.get("workspaceId"), workspaceId));
        if (actor != null) {
            where.add(cb.equal(e.get("actor"), actor));
        }
        if (action != null) {
            where.add(cb.or(cb.equal(e.get("action"), action), cb.like(e.get("action"), SqlLike.escape(action) + ".%", SqlLike.ESCAPE)));
        }
        if (targets != null) {
            where.add(e.get("target").in(targets));
        }
        if (from != null) {
            where.add(cb.greaterThanOrEqualTo(e.get("at"), from));
        }
        if (to != null) {
            where.add(cb.lessThan(e.get("at"), to));
        }
        query.where(where.toArray(Predicate[]::new)).orderBy(cb.desc(e.get("at")), cb.desc(e.get("id")));
        List<AuditEntry> rows = em.createQuery(query)
                .setFirstResult((int) page.getOffset())
                .setMaxResults(page.getPageSize() + 1)
                .getResultList();
        boolean hasNext = rows.size() > page.getPageSize();
        return new SliceImpl<>(hasNext ? rows.subList(0, page.getPageSize()) : rows, page, hasNext);
    }
}
