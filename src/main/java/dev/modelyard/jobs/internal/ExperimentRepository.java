package dev.modelyard.jobs.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ExperimentRepository extends JpaRepository<Experiment, Long> {

    @Query("select e from Experiment e where e.workspaceId = :workspaceId and e.nameKey = :nameKey")
    Optional<Experiment> findByNameKey(long workspaceId, String nameKey);

    @Query("select e.name from Experiment e where e.workspaceId = :workspaceId order by e.nameKey")
    List<String> findAllNames(long workspaceId);
}
