package dev.modelyard.jobs.internal;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface RunMetricRepository extends JpaRepository<RunMetric, Long> {

    @Query("select m from RunMetric m where m.jobId = :jobId and m.key = :key order by m.step, m.timestamp, m.id")
    List<RunMetric> history(long jobId, String key);

    /** Each metric's latest point: the highest step, then the latest time (MLflow's run data). */
    @Query("select m from RunMetric m where m.jobId = :jobId order by m.key, m.step desc, m.timestamp desc, m.id desc")
    List<RunMetric> allNewestFirst(long jobId);
}
