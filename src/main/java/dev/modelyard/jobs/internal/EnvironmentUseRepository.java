package dev.modelyard.jobs.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface EnvironmentUseRepository extends JpaRepository<EnvironmentUse, Long> {

    /** Jobs that ran in an environment version, newest first: name and status. */
    @Query("select j.name, j.status from EnvironmentUse u, Job j where u.environmentId = :environmentId"
            + " and j.id = u.jobId order by j.id desc")
    List<Object[]> jobsOf(long environmentId);

    @Query("select u from EnvironmentUse u, Job j where j.id = u.jobId and j.name = :jobName")
    Optional<EnvironmentUse> findByJobName(String jobName);
}
