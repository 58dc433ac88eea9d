package dev.modelyard.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Status changes made on any node reach the views open on this one: every {@code modelyard.jobs.events.poll-every}
 * (1 s) the node reads the status history rows written since its last look and publishes the ones it has not seen
 * to {@link JobEvents}. Polling the database rather than PostgreSQL's LISTEN/NOTIFY: it works the same on H2, needs no
 * connection held open per node, and a node that was briefly cut off catches up by itself (decision 021, with the
 * measured figures). Rows are read again over an overlap window, so a change committed a little late, or stamped by a
 * node whose clock is a little behind, is still seen once.
 */
@Component
public class JobEventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(JobEventRelay.class);
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final JobEvents events;
    private final Clock clock;
    /** (job id, seq) of the rows already published, with their time; pruned past the overlap window. */
    private final Map<String, Instant> seen = new LinkedHashMap<>();
    private Instant watermark;

    JobEventRelay(JdbcTemplate jdbc, JobEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.watermark = clock.instant();
    }

    private record Change(long jobId, int seq, String jobName, JobStatus status, Instant at) {
    }

    /** Publishes the status changes not seen yet; returns how many. */
    @Scheduled(initialDelayString = "${modelyard.jobs.events.poll-every:1s}",
            fixedDelayString = "${modelyard.jobs.events.poll-every:1s}")
    public synchronized int poll() {
        List<Change> changes;
        try {
            changes = jdbc.query("select c.job_id, c.seq, j.name, c.status, c.at from job_status_change c "
                            + "join job j on j.id = c.job_id where c.at > ? order by c.at, c.job_id, c.seq",
                    (rs, i) -> new Change(rs.getLong(1), rs.getInt(2), rs.getString(3), JobStatus.valueOf(rs.getString(4)),
                            rs.getTimestamp(5).toInstant()),
                    Timestamp.from(watermark.minus(OVERLAP)));
        } catch (RuntimeException e) {
            LOG.debug("Reading job status changes failed: {}", e.toString());
            return 0;
        }
        int published = 0;
        for (Change change : changes) {
            if (seen.putIfAbsent(change.jobId() + ":" + change.seq(), change.at()) == null) {
                events.publish(change.jobName(), change.status());
                published++;
            }
            if (change.at().isAfter(watermark)) {
                watermark = change.at();
            }
        }
        Instant now = clock.instant();
        if (now.isAfter(watermark)) {
            watermark = now;
        }
        Instant forget = watermark.minus(OVERLAP.multipliedBy(2));
        seen.values().removeIf(at -> at.isBefore(forget));
        return published;
    }
}
