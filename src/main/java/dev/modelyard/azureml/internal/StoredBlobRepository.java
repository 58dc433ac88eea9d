package dev.modelyard.azureml.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface StoredBlobRepository extends JpaRepository<StoredBlob, Long> {

    @Query("select b from StoredBlob b where b.workspaceId = :workspaceId and b.container = :container and b.blobPath = :path")
    Optional<StoredBlob> findOne(long workspaceId, String container, String path);

    /** Blobs whose path starts with {@code prefix} (LIKE-escaped by the caller), by path. */
    @Query("select b from StoredBlob b where b.workspaceId = :workspaceId and b.container = :container"
            + " and b.blobPath like :like escape '\\' order by b.blobPath")
    List<StoredBlob> findUnder(long workspaceId, String container, String like);

    /** Every manifest the blobs hold, in every workspace (native: no per-request filter). */
    @Query(value = "select manifest_id from azureml_blob union select manifest_id from azureml_block", nativeQuery = true)
    List<Long> allManifestIds();
}
