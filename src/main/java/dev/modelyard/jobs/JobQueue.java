package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.JobLeases;
import dev.modelyard.jobs.internal.JobRunner;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue of jobs is the job table: a Queued job waits there until a node with a free slot on its compute target
 * claims it ({@code SELECT … FOR UPDATE SKIP LOCKED}: nodes claiming at once take different rows and never wait for
 * each other), takes its lease and hands it to its executor. Claims are made when a job is submitted here, when the
 * server is ready, and every {@code modelyard.jobs.queue.poll-every} (1 s) on every node, which is also when a node
 * forwards cancels that another node recorded for jobs it runs. A claimed job whose node stops before running it is
 * claimable again once the lease lapses. See docs/decisions/021-jobs-across-nodes.md.
 */
@Component
public class JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    /** Not claimed, claimed by a node whose lease lapsed, or by an earlier process of this node. */
    private static final String CLAIMABLE = "status = 'QUEUED' and queue_partition = ? and compute = ? "
            + "and (node_run is null or lease_until < ? or (node_name = ? and node_run <> ?))";
    /** A target a workspace created serves only that workspace's jobs; a built-in one serves every workspace. */
    private static final String IN_WORKSPACE = " and workspace_id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JobLeases leases;
    private final Clock clock;
    private final ComputeRegistry computes;
    private final JobRunner runner;
    private final String partition;
    private volatile boolean ready;

    JobQueue(JdbcTemplate jdbc, TransactionTemplate transactions, JobLeases leases, Clock clock,
             ComputeRegistry computes, JobRunner runner,
             @org.springframework.beans.factory.annotation.Value("${modelyard.jobs.queue.partition:default}") String partition) {
        this.partition = partition == null || partition.isBlank() ? "default" : partition.strip();
        this.runner = runner;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.leases = leases;
        this.clock = clock;
        this.computes = computes;
    }

    /** The partition this node claims jobs from; a job submitted here waits in it. */
    public String partition() {
        return partition;
    }

    /** A job of the workspace was just recorded as Queued on {@code compute}: claims work for it here if a slot is free. */
    public void submitted(long workspaceId, ComputeExecutor compute, String jobName) {
        computes.placement(workspaceId, compute.name()).ifPresent(this::dispatch);
    }

    /**
     * Takes a job that has not started out of the queue: from the executor's own queue if this node claimed it, else
     * it only waits in the table. Returns whether it was still waiting (the caller then moves it Queued → Canceled,
     * under the row lock that a node starting it also takes).
     */
    public boolean withdraw(ComputeExecutor compute, String jobName) {
        if (compute.dequeue(jobName)) {
            return true;
        }
        return "QUEUED".equals(jdbc.query("select status from job where name = ?", (rs, i) -> rs.getString(1), jobName)
                .stream().findFirst().orElse(null));
    }

    /** 1-based place among the Queued jobs of the job's compute target, over all nodes (oldest first). */
    public OptionalInt position(long workspaceId, String compute, String jobName) {
        Long scope = computes.placement(workspaceId, compute).map(ComputeRegistry.Placement::workspaceId).orElse(null);
        String sql = "select count(*) from job where status = 'QUEUED' and compute = ? and id < "
                + "(select id from job where name = ? and status = 'QUEUED')" + (scope == null ? "" : IN_WORKSPACE);
        Integer ahead = scope == null ? jdbc.queryForObject(sql, Integer.class, compute, jobName)
                : jdbc.queryForObject(sql, Integer.class, compute, jobName, scope);
        Integer mine = jdbc.queryForObject("select count(*) from job where name = ? and status = 'QUEUED'", Integer.class,
                jobName);
        return mine == null || mine == 0 ? OptionalInt.empty() : OptionalInt.of((ahead == null ? 0 : ahead) + 1);
    }

    /** How many jobs of a target wait and how many have started and not ended, over all nodes. */
    public record Load(int queued, int started) {
    }

    /**
     * The jobs on a target over every node of this node's queue partition (a node's executor knows only the jobs it
     * holds): those of the workspace for a target it created, those of every workspace for a built-in one.
     */
    public Load load(long workspaceId, String compute) {
        return load(workspaceId, compute, false);
    }

    /** As {@link #load(long, String)}, over every partition when {@code everyPartition}: what deleting a target strands. */
    public Load load(long workspaceId, String compute, boolean everyPartition) {
        // a built-in target's placement has no workspace (it serves them all): count every workspace's jobs there
        Optional<ComputeRegistry.Placement> placement = computes.placement(workspaceId, compute);
        Long scope = placement.isPresent() ? placement.get().workspaceId() : Long.valueOf(workspaceId);
        String sql = "select status, count(*) from job where status in ('QUEUED', 'PREPARING', 'RUNNING', 'FINALIZING', "
                + "'CANCEL_REQUESTED') and compute = ?" + (scope == null ? "" : IN_WORKSPACE)
                + (everyPartition ? "" : " and queue_partition = ?") + " group by status";
        List<Object> args = new ArrayList<>(List.of(compute));
        if (scope != null) {
            args.add(scope);
        }
        if (!everyPartition) {
            args.add(partition);
        }
        int[] counts = new int[2];
        jdbc.query(sql, rs -> {
            counts["QUEUED".equals(rs.getString(1)) ? 0 : 1] += rs.getInt(2);
        }, args.toArray());
        return new Load(counts[0], counts[1]);
    }

    /** Once the server answers (job processes are told its port), this node starts taking work. */
    public void start() {
        ready = true;
        poll();
    }

    /** Claims work for every target with free slots, and forwards cancels recorded on other nodes. */
    @Scheduled(initialDelayString = "${modelyard.jobs.queue.poll-every:1s}",
            fixedDelayString = "${modelyard.jobs.queue.poll-every:1s}")
    public void poll() {
        if (!ready) {
            return;
        }
        try {
            computes.placements().forEach(this::dispatch);
            forwardCancels();
            fence();
        } catch (RuntimeException e) {
            // the database may be briefly out (decision 012): the next poll tries again
            LOG.warn("Claiming queued jobs failed: {}", e.toString());
        }
    }

    /** Claims up to the target's free slots of its oldest claimable jobs and hands them to it. */
    synchronized void dispatch(ComputeRegistry.Placement placement) {
        ComputeExecutor compute = placement.executor();
        Long scope = placement.workspaceId();
        int free = compute.slots() - compute.running() - compute.queued();
        if (free <= 0) {
            return;
        }
        List<String> claimed = transactions.execute(tx -> {
            Timestamp now = Timestamp.from(clock.instant());
            String sql = "select name from job where " + CLAIMABLE + (scope == null ? "" : IN_WORKSPACE)
                    + " order by id fetch first " + free + " rows only for update skip locked"; // PostgreSQL and H2 2.x
            List<String> names = scope == null
                    ? jdbc.query(sql, (rs, i) -> rs.getString(1), partition, compute.name(), now, leases.nodeName(),
                            leases.nodeRun())
                    : jdbc.query(sql, (rs, i) -> rs.getString(1), partition, compute.name(), now, leases.nodeName(),
                            leases.nodeRun(), scope);
            names.forEach(leases::take);
            return names;
        });
        claimed.forEach(compute::enqueue);
    }

    /**
     * Fencing: a job this node still runs but whose lease another node took over (this node was cut off, or paused,
     * longer than the lease, and the job was settled there) is stopped here at once; its end changes nothing.
     */
    private void fence() {
        for (String name : runner.running()) {
            // held by another node's process now (node_name too: "an earlier process of this node" cannot be running)
            List<Map.Entry<Long, String>> compute = jdbc.query("select workspace_id, compute from job where name = ? "
                    + "and node_run <> ? and node_name <> ?", (rs, i) -> Map.entry(rs.getLong(1), rs.getString(2)),
                    name, leases.nodeRun(), leases.nodeName());
            if (!compute.isEmpty()) {
                ComputeExecutor target = computes.find(compute.get(0).getKey(), compute.get(0).getValue()).orElse(null);
                if (target != null) {
                    LOG.warn("Job {} was taken over by another node (this node lost its lease); stopping it here", name);
                    target.cancel(name);
                }
            }
        }
    }

    /** A cancel recorded by another node for a job this node runs: stop its process here. */
    private void forwardCancels() {
        jdbc.query("select name, workspace_id, compute from job where status = 'CANCEL_REQUESTED' and node_run = ?",
                (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)}, leases.nodeRun())
                .forEach(row -> computes.find((Long) row[1], (String) row[2])
                        .ifPresent(compute -> compute.cancel((String) row[0])));
    }
}
