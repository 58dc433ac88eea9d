package dev.modelyard.models.internal;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AliasHistoryRepository extends JpaRepository<AliasHistoryEntry, Long> {

    /** The newest change of the alias at or before {@code at} (ties: the later row wins). */
    @Query("select h from AliasHistoryEntry h where h.modelId = :modelId and h.alias = :alias and h.changedAt <= :at "
            + "order by h.changedAt desc, h.id desc")
    List<AliasHistoryEntry> findAsOf(long modelId, String alias, Instant at, Limit limit);

    /** Every change of every alias of the model, newest first. */
    @Query("select h from AliasHistoryEntry h where h.modelId = :modelId order by h.changedAt desc, h.id desc")
    List<AliasHistoryEntry> findByModel(long modelId, Limit limit);
}
