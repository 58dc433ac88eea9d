package dev.modelyard.jobs;

import dev.modelyard.jobs.RunRecords.Dataset;
import dev.modelyard.jobs.RunRecords.DatasetInput;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.RunInput;
import dev.modelyard.jobs.internal.RunInputRepository;
import dev.modelyard.jobs.internal.RunLatestMetric;
import dev.modelyard.jobs.internal.RunLatestMetricRepository;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Jobs as MLflow runs, read in bulk: a page of search results costs four queries (latest metrics, params, tags,
 * inputs), not four per run. Callers hold a transaction.
 */
@Component
class RunDetailsReader {

    private final RunLatestMetricRepository latest;
    private final RunInputRepository inputs;
    private final EntityManager em;

    RunDetailsReader(RunLatestMetricRepository latest, RunInputRepository inputs, EntityManager em) {
        this.latest = latest;
        this.inputs = inputs;
        this.em = em;
    }

    RunDetails one(Job job) {
        return all(List.of(job)).get(0);
    }

    List<RunDetails> all(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Long> ids = jobs.stream().map(Job::id).toList();
        Map<Long, List<MetricPoint>> metrics = new HashMap<>();
        for (RunLatestMetric m : latest.forJobs(ids)) {
            metrics.computeIfAbsent(m.jobId(), k -> new ArrayList<>())
                    .add(new MetricPoint(m.key(), m.value(), m.timestamp(), m.step()));
        }
        Map<Long, Map<String, String>> params = pairs("select j.id, key(p), value(p) from Job j join j.params p where j.id in :ids", ids);
        Map<Long, Map<String, String>> tags = pairs("select j.id, key(t), value(t) from Job j join j.runTags t where j.id in :ids", ids);
        Map<Long, List<DatasetInput>> datasets = new HashMap<>();
        for (RunInput i : inputs.forJobs(ids)) {
            datasets.computeIfAbsent(i.jobId(), k -> new ArrayList<>()).add(new DatasetInput(
                    new Dataset(i.name(), i.digest(), i.sourceType(), i.source(), i.schema(), i.profile()),
                    new LinkedHashMap<>(i.tags())));
        }
        List<RunDetails> out = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            out.add(new RunDetails(j.name(), j.experiment().id(), j.experiment().name(), j.displayName(), j.createdBy(),
                    j.status(), j.startedAt() != null ? j.startedAt() : j.createdAt(), j.endedAt(), j.lifecycleStage(),
                    j.isExternal(), params.getOrDefault(j.id(), new TreeMap<>()), tags.getOrDefault(j.id(), new TreeMap<>()),
                    metrics.getOrDefault(j.id(), List.of()), datasets.getOrDefault(j.id(), List.of())));
        }
        return out;
    }

    private Map<Long, Map<String, String>> pairs(String hql, List<Long> ids) {
        Map<Long, Map<String, String>> out = new HashMap<>();
        for (Object[] row : em.createQuery(hql, Object[].class).setParameter("ids", ids).getResultList()) {
            out.computeIfAbsent((Long) row[0], k -> new TreeMap<>()).put((String) row[1], (String) row[2]);
        }
        return out;
    }
}
