package dev.modelyard.jobs.internal;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface RunInputRepository extends JpaRepository<RunInput, Long> {

    @Query("select i from RunInput i where i.jobId in :jobIds order by i.id")
    List<RunInput> forJobs(Collection<Long> jobIds);
}
