package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.JobStatus;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface JobRepository extends JpaRepository<Job, Long>, JpaSpecificationExecutor<Job> {

    /** For the executor, which knows a job by its name alone (job names are unique across workspaces). */
    @Query("select j from Job j join fetch j.experiment where j.name = :name")
    Optional<Job> findByName(String name);

    /** A job as a user may see it: only in their workspace. */
    @Query("select j from Job j join fetch j.experiment where j.workspaceId = :workspaceId and j.name = :name")
    Optional<Job> findVisible(long workspaceId, String name);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.name = :name")
    Optional<Job> findByNameForUpdate(String name);

    @Query("select j from Job j where j.status in :statuses order by j.id")
    List<Job> findByStatusIn(Collection<JobStatus> statuses);

    boolean existsByName(String name);

    /** Every manifest a job holds (code and what it left), in every workspace (native: no per-request filter). */
    @org.springframework.data.jpa.repository.Query(value = "select code_manifest_id from job union "
            + "select artifacts_manifest_id from job where artifacts_manifest_id is not null", nativeQuery = true)
    java.util.List<Long> allManifestIds();
}
