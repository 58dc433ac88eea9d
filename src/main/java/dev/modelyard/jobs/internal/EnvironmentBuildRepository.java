package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.EnvironmentBuildStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface EnvironmentBuildRepository extends JpaRepository<EnvironmentBuild, Long> {

    @Query("select b from EnvironmentBuild b where b.buildHash = :hash order by b.id desc limit 1")
    Optional<EnvironmentBuild> findCurrent(String hash);

    @Query("select b from EnvironmentBuild b where b.status = :status order by b.id")
    List<EnvironmentBuild> findByStatus(EnvironmentBuildStatus status);

    /** The current (newest) build of each of these hashes. */
    @Query("select b from EnvironmentBuild b where b.buildHash in :hashes and b.id ="
            + " (select max(c.id) from EnvironmentBuild c where c.buildHash = b.buildHash)")
    List<EnvironmentBuild> findCurrent(Collection<String> hashes);

    /** Builds on disk that no job holds (Preparing, Running, Finalizing, CancelRequested), least recently used first. */
    @Query("select b from EnvironmentBuild b where b.status = dev.modelyard.jobs.EnvironmentBuildStatus.READY"
            + " and not exists (select u from EnvironmentUse u, Job j where u.buildId = b.id and j.id = u.jobId"
            + " and j.status in (dev.modelyard.jobs.JobStatus.PREPARING, dev.modelyard.jobs.JobStatus.RUNNING,"
            + " dev.modelyard.jobs.JobStatus.FINALIZING, dev.modelyard.jobs.JobStatus.CANCEL_REQUESTED))"
            + " order by b.lastUsedAt asc nulls first, b.id asc")
    List<EnvironmentBuild> findEvictable();

    @Query("select count(u) from EnvironmentUse u, Job j where u.buildId = :buildId and j.id = u.jobId"
            + " and j.status in (dev.modelyard.jobs.JobStatus.PREPARING, dev.modelyard.jobs.JobStatus.RUNNING,"
            + " dev.modelyard.jobs.JobStatus.FINALIZING, dev.modelyard.jobs.JobStatus.CANCEL_REQUESTED)")
    long countHolders(long buildId);

    @Query("select coalesce(sum(b.sizeBytes), 0) from EnvironmentBuild b"
            + " where b.status = dev.modelyard.jobs.EnvironmentBuildStatus.READY")
    long diskUsed();
}
