package dev.modelyard.jobs.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface StoredComputeTargetRepository extends JpaRepository<StoredComputeTarget, Long> {

    @Query("select c from StoredComputeTarget c where c.workspaceId = :workspaceId and c.name = :name")
    Optional<StoredComputeTarget> findOne(long workspaceId, String name);

    @Query("select c from StoredComputeTarget c where c.workspaceId = :workspaceId order by c.name")
    List<StoredComputeTarget> findAllOrdered(long workspaceId);

    /** Every workspace's targets, for the registry at start. */
    @Query("select c from StoredComputeTarget c order by c.id")
    List<StoredComputeTarget> findEvery();
}
