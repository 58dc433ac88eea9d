package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.ComputeExecutor;
import dev.modelyard.jobs.ComputeExecutorFactory;
import dev.modelyard.jobs.ComputeTargetDefinition;
import org.springframework.stereotype.Component;

/** Kind {@code local}: a pool of slots on this host of its own, next to (not shared with) the built-in target. */
@Component
class LocalComputeExecutorFactory implements ComputeExecutorFactory {

    static final int MAX_SLOTS = 256;

    private final JobRunner runner;

    LocalComputeExecutorFactory(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public void validate(ComputeTargetDefinition target) {
        if (target.slots() < 1 || target.slots() > MAX_SLOTS) {
            throw new IllegalArgumentException("a local target runs 1–" + MAX_SLOTS + " jobs at once (slots)");
        }
        if (target.address() != null || target.resources() != null) {
            throw new IllegalArgumentException("a local target has no address or resources; those are for cluster kinds");
        }
    }

    @Override
    public ComputeExecutor create(ComputeTargetDefinition target) {
        return new LocalComputeExecutor(runner, target.name(), target.slots());
    }
}
