package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.execution.LogReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Copies the new bytes of the live logs of the jobs this node runs into the database every
 * {@code modelyard.jobs.log-mirror.every} (1 s), so a node that does not run a job can follow its log
 * ({@link #read}); the log file on the running node stays the source, and the stored artifact once the job ended.
 * See docs/decisions/021-jobs-across-nodes.md.
 */
@Component
public class JobLogMirror {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogMirror.class);
    /** Per job and tick: a chatty job is mirrored in steps, never with one huge row. */
    static final int MAX_CHUNK = 256 * 1024;

    private final JdbcTemplate jdbc;
    private final JobWorkspace workspace;
    private final JobLeases leases;
    /** How far each running job's log is mirrored. */
    private final Map<String, Long> mirrored = new ConcurrentHashMap<>();

    JobLogMirror(JdbcTemplate jdbc, JobWorkspace workspace, JobLeases leases) {
        this.jdbc = jdbc;
        this.workspace = workspace;
        this.leases = leases;
    }

    /** Mirrors what the running jobs of this node appended since the last tick; drops the rows of ended jobs. */
    @Scheduled(initialDelayString = "${modelyard.jobs.log-mirror.every:1s}",
            fixedDelayString = "${modelyard.jobs.log-mirror.every:1s}")
    public synchronized void tick() {
        try {
            List<String> running = jdbc.queryForList("select name from job where node_run = ? and status in "
                    + "('PREPARING', 'RUNNING', 'FINALIZING', 'CANCEL_REQUESTED')", String.class, leases.nodeRun());
            mirrored.keySet().retainAll(running);
            for (String name : running) {
                Path log = workspace.logFile(name);
                if (!Files.isRegularFile(log)) {
                    continue;
                }
                long from = mirrored.computeIfAbsent(name, n -> jdbc.queryForObject(
                        "select coalesce(max(start_offset + length), 0) from job_log_chunk where job_name = ?", Long.class, n));
                LogReader.LogChunk chunk = LogReader.read(log, from, MAX_CHUNK);
                if (chunk.bytes().length > 0) {
                    jdbc.update("insert into job_log_chunk (job_name, start_offset, length, data) values (?, ?, ?, ?)",
                            name, from, chunk.bytes().length, Base64.getEncoder().encodeToString(chunk.bytes()));
                    mirrored.put(name, chunk.nextOffset());
                }
            }
            jdbc.update("delete from job_log_chunk where job_name in (select name from job where status in "
                    + "('COMPLETED', 'FAILED', 'CANCELED'))");
        } catch (RuntimeException e) {
            LOG.debug("Mirroring live job logs failed: {}", e.toString());
        }
    }

    /** The mirrored log of a job run by another node, from {@code offset}, at most {@code maxBytes}. */
    public LogReader.LogChunk read(String name, long offset, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = offset;
        List<Map<String, Object>> rows = jdbc.queryForList("select start_offset, length, data from job_log_chunk "
                + "where job_name = ? and start_offset + length > ? order by start_offset", name, offset);
        for (Map<String, Object> row : rows) {
            long start = ((Number) row.get("start_offset")).longValue();
            if (start > next || out.size() >= maxBytes) {
                break; // a gap cannot happen (each tick continues the last), but never invent bytes
            }
            byte[] data = Base64.getDecoder().decode((String) row.get("data"));
            int skip = (int) (next - start);
            int take = Math.min(data.length - skip, maxBytes - out.size());
            out.write(data, skip, take);
            next += take;
        }
        return new LogReader.LogChunk(out.toByteArray(), next);
    }
}
