package dev.modelyard.models.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

public interface ModelVersionRepository extends JpaRepository<ModelVersion, Long>, JpaSpecificationExecutor<ModelVersion> {

    @Query("select v from ModelVersion v where v.model = :model and v.version = :version")
    Optional<ModelVersion> findOne(RegisteredModel model, int version);

    @Query("select count(v) > 0 from ModelVersion v where v.model = :model and v.version = :version")
    boolean exists(RegisteredModel model, int version);

    /** The most recently created version that is not archived. */
    @Query("select v from ModelVersion v where v.model = :model and v.archived = false order by v.id desc limit 1")
    Optional<ModelVersion> findLatest(RegisteredModel model);

    /** The id of the most recently created version that is not archived, or null. */
    @Query("select max(v.id) from ModelVersion v where v.model = :model and v.archived = false")
    Long findLatestActiveId(RegisteredModel model);

    /**
     * Sizes of the distinct contents of a manifest that other versions of the same workspace hold too. Sharing is
     * counted within the workspace only: a file that another workspace also stored says nothing to this one.
     */
    @Query(value = "select coalesce(sum(b.size_bytes), 0) from blob b where b.sha256 in "
            + "(select e.sha256 from manifest_entry e where e.manifest_id = ?1) and exists "
            + "(select 1 from manifest_entry o join model_version v on v.manifest_id = o.manifest_id "
            + "join registered_model m on m.id = v.model_id "
            + "where o.sha256 = b.sha256 and o.manifest_id <> ?1 and m.workspace_id = ?2)", nativeQuery = true)
    long bytesSharedInWorkspace(long manifestId, long workspaceId);

    /** Sizes of the distinct contents of a manifest that other versions of the same model hold too. */
    @Query(value = "select coalesce(sum(b.size_bytes), 0) from blob b where b.sha256 in "
            + "(select e.sha256 from manifest_entry e where e.manifest_id = ?1) and exists "
            + "(select 1 from manifest_entry o join model_version v on v.manifest_id = o.manifest_id "
            + "where o.sha256 = b.sha256 and o.manifest_id <> ?1 and v.model_id = ?2)", nativeQuery = true)
    long bytesSharedWithModel(long manifestId, long modelId);

    @Query("select count(v) from ModelVersion v where v.model = :model")
    long countByModel(RegisteredModel model);

    @Query("select v from ModelVersion v where v.model = :model")
    List<ModelVersion> findAllOf(RegisteredModel model);

    @Query("select v from ModelVersion v join fetch v.model m where m.workspaceId = :workspaceId and v.sourceJob = :jobName"
            + " order by v.id desc")
    List<ModelVersion> findFromJob(long workspaceId, String jobName);

    /** Every manifest a version holds, in every workspace (native: no per-request filter). */
    @org.springframework.data.jpa.repository.Query(value = "select distinct manifest_id from model_version", nativeQuery = true)
    java.util.List<Long> allManifestIds();

    /** The highest version of each stage, for each of the given models (MLflow's latest_versions). */
    @Query("select v from ModelVersion v join fetch v.model where v.model in :models and v.version = "
            + "(select max(o.version) from ModelVersion o where o.model = v.model and o.stage = v.stage)")
    List<ModelVersion> findLatestPerStage(java.util.Collection<RegisteredModel> models);

    @Query("select v from ModelVersion v where v.model = :model and v.stage = :stage")
    List<ModelVersion> findInStage(RegisteredModel model, String stage);

    @Query("select max(v.id) from ModelVersion v where v.model = :model")
    Long findLatestId(RegisteredModel model);
}
