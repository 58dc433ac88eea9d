package dev.modelyard.azureml.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface CodeAssetRepository extends JpaRepository<CodeAsset, Long> {

    @Query("select c from CodeAsset c where c.workspaceId = :workspaceId and c.name = :name and c.version = :version")
    Optional<CodeAsset> findOne(long workspaceId, String name, String version);

    @Query("select c from CodeAsset c where c.workspaceId = :workspaceId and c.name = :name order by c.id desc")
    List<CodeAsset> findVersions(long workspaceId, String name);

    @Query("select c from CodeAsset c where c.workspaceId = :workspaceId and c.hashSha256 = :hash order by c.id desc")
    List<CodeAsset> findByHash(long workspaceId, String hash);
}
