package dev.modelyard.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code modelyard_jobs_queued{compute}} and {@code modelyard_jobs_running{compute}}: each target's queue, read live. */
@Component
class JobMetrics implements MeterBinder {

    private final List<ComputeExecutor> executors;

    JobMetrics(List<ComputeExecutor> executors) {
        this.executors = executors;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ComputeExecutor executor : executors) {
            Gauge.builder("modelyard.jobs.queued", executor, ComputeExecutor::queued).tag("compute", executor.name())
                    .description("jobs waiting for a slot on the compute target").register(registry);
            Gauge.builder("modelyard.jobs.running", executor, ComputeExecutor::running).tag("compute", executor.name())
                    .description("jobs running on the compute target").register(registry);
        }
    }
}
