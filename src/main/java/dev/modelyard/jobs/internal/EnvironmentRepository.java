package dev.modelyard.jobs.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface EnvironmentRepository extends JpaRepository<EnvironmentAsset, Long> {

    @Query("select e from EnvironmentAsset e where e.workspaceId = :workspaceId and e.name = :name and e.version = :version")
    Optional<EnvironmentAsset> findOne(long workspaceId, String name, int version);

    @Query("select e from EnvironmentAsset e where e.workspaceId = :workspaceId and e.name = :name"
            + " order by e.version desc limit 1")
    Optional<EnvironmentAsset> findLatest(long workspaceId, String name);

    @Query("select e from EnvironmentAsset e where e.buildHash = :hash order by e.id limit 1")
    Optional<EnvironmentAsset> findFirstByBuildHash(String hash);

    @Query("select e from EnvironmentAsset e where e.workspaceId = :workspaceId and e.id = :id")
    Optional<EnvironmentAsset> findInWorkspace(long workspaceId, long id);

    @Query("select e from EnvironmentAsset e where e.workspaceId = :workspaceId order by e.name, e.version desc")
    List<EnvironmentAsset> findAllOrdered(long workspaceId);
}
