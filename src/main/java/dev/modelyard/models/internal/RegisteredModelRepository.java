package dev.modelyard.models.internal;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface RegisteredModelRepository extends JpaRepository<RegisteredModel, Long> {

    @Query("select m from RegisteredModel m where m.workspaceId = :workspaceId and m.nameKey = :nameKey")
    Optional<RegisteredModel> findByNameKey(long workspaceId, String nameKey);

    @Query("select m.name from RegisteredModel m where m.workspaceId = :workspaceId and m.nameKey like :pattern escape '\\'"
            + " order by m.nameKey")
    List<String> findNames(long workspaceId, String pattern, Limit limit);

    /** Locks the model row: registrations of one name take their numbers one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from RegisteredModel m where m.workspaceId = :workspaceId and m.nameKey = :nameKey")
    Optional<RegisteredModel> findByNameKeyForUpdate(long workspaceId, String nameKey);
}
