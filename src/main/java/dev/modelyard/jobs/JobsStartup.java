package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.JobStore;
import dev.modelyard.jobs.internal.JobWorkspace;
import dev.modelyard.security.TokenService;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.modelyard.workspaces.WorkspaceRef;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: registers the curated environments, settles jobs that a stop interrupted, and queues again the
 * jobs that were still waiting. An interrupted job is marked Failed, not restarted: its process is gone
 * and a training script run twice may not be safe to repeat (docs/decisions/006-job-execution.md).
 */
@Component
class JobsStartup {

    private static final Logger log = LoggerFactory.getLogger(JobsStartup.class);
    static final String INTERRUPTED = "Modelyard stopped while the job was running; resubmit it to run it again";

    private final EnvironmentService environments;
    private final JobStore store;
    private final JobEvents events;
    private final JobWorkspace workspace;
    private final Map<String, ComputeExecutor> computes;
    private final TokenService tokens;

    JobsStartup(EnvironmentService environments, JobStore store, JobEvents events, JobWorkspace workspace,
                List<ComputeExecutor> computes, TokenService tokens) {
        this.tokens = tokens;
        this.environments = environments;
        this.store = store;
        this.events = events;
        this.workspace = workspace;
        this.computes = computes.stream().collect(java.util.stream.Collectors.toMap(ComputeExecutor::name, c -> c));
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void start() {
        environments.ensureCurated(WorkspaceRef.DEFAULT.id());
        settle();
    }

    /**
     * Revokes the tokens of the previous run's jobs (their secrets died with that process; a queued job gets a fresh
     * token when it starts), marks interrupted jobs Failed and hands the queued ones back to their compute targets.
     */
    void settle() {
        int revoked = tokens.revokeJobTokensOfEarlierRuns();
        if (revoked > 0) {
            log.info("Revoked {} job token(s) left from before the restart", revoked);
        }
        for (String name : store.interrupted()) {
            JobStatus now = store.move(name, EnumSet.of(JobStatus.PREPARING, JobStatus.RUNNING, JobStatus.FINALIZING,
                    JobStatus.CANCEL_REQUESTED), JobStatus.FAILED, INTERRUPTED);
            workspace.delete(name);
            events.publish(name, now);
            log.warn("Job {} was running when Modelyard stopped; marked Failed", name);
        }
        for (String name : store.queued()) {
            String compute = store.compute(name);
            ComputeExecutor executor = compute == null ? null : computes.get(compute);
            if (executor != null) {
                executor.enqueue(name);
            }
        }
    }
}
