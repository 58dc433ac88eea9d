package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.JobLeases;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.JobStore;
import dev.modelyard.jobs.internal.JobWorkspace;
import dev.modelyard.security.TokenService;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.base.startup.StartupTask;
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
@Order(20)
class JobsStartup implements StartupTask {

    private static final Logger log = LoggerFactory.getLogger(JobsStartup.class);
    static final String INTERRUPTED = "Modelyard stopped while the job was running; resubmit it to run it again";
    static final String NODE_STOPPED = "the Modelyard node running the job (%s) stopped; resubmit it to run it again";

    private final EnvironmentService environments;
    private final JobStore store;
    private final JobEvents events;
    private final JobWorkspace workspace;
    private final TokenService tokens;
    private final JobRunner runner;
    private final JobLeases leases;
    private final JobQueue queue;
    private final JobLeaseProperties leaseProperties;
    /**
     * Lease renewal has a thread of its own: on the scheduling thread every other periodic task shares (queue polls,
     * the status relay, the log mirror, the storage clean-up, which can take minutes) a late renewal let a live
     * node's lease lapse, and another node then failed its running jobs (seen in TwoNodeTest under load).
     */
    private final java.util.concurrent.ScheduledExecutorService leaseThread =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "job-leases");
                t.setDaemon(true);
                return t;
            });

    JobsStartup(EnvironmentService environments, JobStore store, JobEvents events, JobWorkspace workspace,
                TokenService tokens, JobRunner runner, JobLeases leases, JobQueue queue,
                JobLeaseProperties leaseProperties) {
        this.leaseProperties = leaseProperties;
        this.leases = leases;
        this.queue = queue;
        this.tokens = tokens;
        this.runner = runner;
        this.environments = environments;
        this.store = store;
        this.events = events;
        this.workspace = workspace;
    }

    /**
     * A start-up task, after the compute targets: the curated environments exist before any request that needs data
     * is let in (as the admin user does): a job submitted in the first moment after start must find them, and
     * ApplicationReadyEvent comes only after the server already answers.
     */
    @Override
    public void runAtStart() {
        environments.ensureCurated(WorkspaceRef.DEFAULT.id());
        // also before data requests are let in: after that, a job submitted now may be running, and is no leftover
        settleInterrupted();
        long every = leaseProperties.renewEvery().toMillis();
        leaseThread.scheduleWithFixedDelay(this::renewAndSettleOrphans, every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The queued jobs run once the server is ready (their processes are told its port). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void start() {
        requeue();
    }

    /**
     * Revokes the tokens of the previous run's jobs (their secrets died with that process; a queued job gets a fresh
     * token when it starts). For each job a stop interrupted: kills what its run left running (found by the marker in
     * their environment, even re-parented or in a session of their own), stores its partial log and outputs, and
     * marks it Failed. Then removes the folders of jobs that have ended, and hands the queued jobs back to their
     * compute targets in submission order.
     */
    void settle() {
        settleInterrupted();
        requeue();
    }

    private void settleInterrupted() {
        settleOrphans();
        for (String folder : workspace.folders()) {
            if (store.status(folder).map(JobStatus::isTerminal).orElse(true)) {
                workspace.delete(folder);
            }
        }
    }

    /**
     * Settles the active jobs whose node stopped: their lease lapsed, or an earlier process of this node ran them
     * (docs/decisions/021-jobs-across-nodes.md). Jobs this process runs, or another live node runs, are left alone.
     * Runs at start and every lease renewal, on every node; each orphan is taken over by exactly one node.
     */
    void renewAndSettleOrphans() {
        try {
            leases.renew();
            settleOrphans();
        } catch (RuntimeException e) {
            // the database may be briefly out (decision 012): the next round tries again, well within the lease
            log.warn("Renewing job leases failed: {}", e.toString());
        }
    }

    @jakarta.annotation.PreDestroy
    void stopRenewing() {
        leaseThread.shutdownNow();
    }

    private synchronized void settleOrphans() {
        for (JobLeases.Orphan orphan : leases.takeOrphans()) {
            String name = orphan.jobName();
            // its secrets died with that process: nothing may act with its token any more
            int revoked = tokens.revokeTokensOfJob(name);
            JobStatus now;
            if (orphan.local()) {
                store.runId(name).ifPresent(runId -> runner.stopLeftovers(name, runId));
                now = runner.end(name, workspace.workDir(name), workspace.logFile(name), JobStatus.FAILED, INTERRUPTED,
                        null);
            } else {
                // its processes, log and outputs were on the node that stopped; what it logged through MLflow is kept
                now = store.move(name, java.util.EnumSet.of(JobStatus.PREPARING, JobStatus.RUNNING, JobStatus.FINALIZING,
                        JobStatus.CANCEL_REQUESTED), JobStatus.FAILED, String.format(NODE_STOPPED, orphan.previousNode()));
                events.publish(name, now);
            }
            log.warn("Job {} was running on {} when it stopped ({} token(s) revoked); marked {}", name,
                    orphan.local() ? "this node" : "node " + orphan.previousNode(), revoked, now.wireName());
        }
    }

    /**
     * Takes queued work from the job table, oldest first (they keep their place): from here on, this node claims jobs
     * whenever its targets have free slots (JobQueue).
     */
    void requeue() {
        queue.start();
    }
}
