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

    @Query("select j from Job j join fetch j.experiment where j.name = :name")
    Optional<Job> findByName(String name);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.name = :name")
    Optional<Job> findByNameForUpdate(String name);

    /** Jobs Modelyard runs itself (not MLflow runs started from outside, whose status their client reports). */
    @Query("select j from Job j where j.status in :statuses and j.command is not null order by j.id")
    List<Job> findByStatusIn(Collection<JobStatus> statuses);

    boolean existsByName(String name);
}
