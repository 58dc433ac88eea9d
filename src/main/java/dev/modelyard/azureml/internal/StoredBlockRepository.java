package dev.modelyard.azureml.internal;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface StoredBlockRepository extends JpaRepository<StoredBlock, Long> {

    @Query("select b from StoredBlock b where b.workspaceId = :workspaceId and b.container = :container"
            + " and b.blobPath = :path")
    List<StoredBlock> findFor(long workspaceId, String container, String path);
}
