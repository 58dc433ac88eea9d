package dev.modelyard.jobs;

import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.models.RunMetricsLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Serves a run's metrics to the registry's version page. */
@Component
class RunMetricsAdapter implements RunMetricsLookup {

    private final RunService runs;

    RunMetricsAdapter(RunService runs) {
        this.runs = runs;
    }

    @Override
    public List<Series> metrics(String runId) {
        Map<String, List<MetricPoint>> all;
        try {
            all = runs.allMetrics(runId);
        } catch (NotFoundException gone) {
            return List.of();
        }
        List<Series> out = new ArrayList<>();
        all.forEach((key, points) -> out.add(new Series(key, points.stream().mapToLong(MetricPoint::step).toArray(),
                points.stream().mapToDouble(MetricPoint::value).toArray())));
        return out;
    }
}
