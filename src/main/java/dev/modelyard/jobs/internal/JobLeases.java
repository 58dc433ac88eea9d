package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.JobLeaseProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who runs which job: a lease per active job, held by one node's current process and renewed by it. A job whose lease
 * lapsed (its node stopped or lost the database) or that an earlier process of this node ran is an orphan; a node
 * takes an orphan over with one conditional update before settling it, so two nodes never settle the same job.
 * See docs/decisions/021-jobs-across-nodes.md.
 */
@Component
public class JobLeases {

    private static final String ACTIVE = "('PREPARING', 'RUNNING', 'FINALIZING', 'CANCEL_REQUESTED')";
    /** Lapsed, never leased (a job from before leases existed), or run by an earlier process of this node. */
    private static final String ORPHANED = "(lease_until is null or lease_until < ? or (node_name = ? and node_run <> ?))";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final JobLeaseProperties properties;
    private final String nodeName;
    private final String nodeRun = UUID.randomUUID().toString();

    JobLeases(JdbcTemplate jdbc, Clock clock, JobLeaseProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.nodeName = properties.nodeName() == null || properties.nodeName().isBlank() ? hostName()
                : properties.nodeName().strip();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String nodeName() {
        return nodeName;
    }

    /** This process's id, new at every start. */
    public String nodeRun() {
        return nodeRun;
    }

    private Timestamp until() {
        return Timestamp.from(clock.instant().plus(properties.duration()));
    }

    /** Takes the job's lease for this process: called in the transaction that begins its run. */
    public void take(String jobName) {
        jdbc.update("update job set node_name = ?, node_run = ?, lease_until = ? where name = ?",
                nodeName, nodeRun, until(), jobName);
    }

    /** Renews the leases of every job this process runs or has claimed to run; returns how many. */
    public int renew() {
        return jdbc.update("update job set lease_until = ? where node_run = ? and (status = 'QUEUED' or status in "
                + ACTIVE + ")", until(), nodeRun);
    }

    /** An orphaned job this process took over for settling; {@code local} when its processes ran on this host. */
    public record Orphan(String jobName, String previousNode, boolean local) {
    }

    /**
     * Takes over the orphaned active jobs, oldest first, each by a conditional update that only one node can win,
     * and returns them. The caller settles each (restart rule of decision 006).
     */
    public List<Orphan> takeOrphans() {
        Timestamp now = Timestamp.from(clock.instant());
        List<Orphan> taken = new ArrayList<>();
        List<String[]> candidates = jdbc.query("select name, node_name from job where status in " + ACTIVE + " and "
                        + ORPHANED + " order by id", (rs, i) -> new String[]{rs.getString(1), rs.getString(2)},
                now, nodeName, nodeRun);
        for (String[] candidate : candidates) {
            int won = jdbc.update("update job set node_name = ?, node_run = ?, lease_until = ? where name = ? and status in "
                    + ACTIVE + " and " + ORPHANED, nodeName, nodeRun, until(), candidate[0], now, nodeName, nodeRun);
            if (won == 1) {
                // a job from before leases has no node: it ran on the only node there was, this one
                boolean local = candidate[1] == null || candidate[1].equals(nodeName);
                taken.add(new Orphan(candidate[0], candidate[1], local));
            }
        }
        return taken;
    }

    /** When the job's lease lapses, if it has one. */
    public java.util.Optional<Instant> leaseUntil(String jobName) {
        return jdbc.query("select lease_until from job where name = ?", (rs, i) -> rs.getTimestamp(1), jobName).stream()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant).findFirst();
    }
}
