package dev.modelyard.jobs.internal;

import java.util.Collection;
import java.util.List;
import org.springframework.data.repository.Repository;
import org.springframework.data.jpa.repository.Query;

public interface RunLatestMetricRepository extends Repository<RunLatestMetric, RunLatestMetric.Key> {

    @Query("select m from RunLatestMetric m where m.jobId in :jobIds order by m.jobId, m.key")
    List<RunLatestMetric> forJobs(Collection<Long> jobIds);
}
