package dev.modelyard.jobs.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of metric points and moves each metric's latest point, in the caller's transaction (which holds
 * the job row's lock, so two batches of one run never race on the latest row). Plain JDBC batches: a
 * 1,000-point log-batch is two statements' worth of round trips, not a thousand identity fetches.
 */
@Component
public class RunMetricWriter {

    /** One point to write; {@code timestamp} in ms since the epoch. */
    public record Point(String key, double value, long timestamp, long step) {
    }

    private final JdbcTemplate jdbc;

    RunMetricWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void write(long jobId, List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO run_metric (job_id, metric_key, metric_value, logged_at, step) VALUES (?, ?, ?, ?, ?)",
                points, 500, (ps, p) -> {
                    ps.setLong(1, jobId);
                    ps.setString(2, p.key());
                    ps.setDouble(3, p.value());
                    ps.setLong(4, p.timestamp());
                    ps.setLong(5, p.step());
                });
        Map<String, Point> newest = new HashMap<>();
        for (Point p : points) {
            newest.merge(p.key(), p, (a, b) -> newer(b, a) ? b : a);
        }
        Map<String, Point> stored = new HashMap<>();
        jdbc.query("SELECT metric_key, metric_value, logged_at, step FROM run_latest_metric WHERE job_id = ?",
                rs -> {
                    stored.put(rs.getString(1), new Point(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)));
                }, jobId);
        List<Point> inserts = new ArrayList<>();
        List<Point> updates = new ArrayList<>();
        newest.forEach((key, p) -> {
            Point before = stored.get(key);
            if (before == null) {
                inserts.add(p);
            } else if (newer(p, before)) {
                updates.add(p);
            }
        });
        jdbc.batchUpdate("INSERT INTO run_latest_metric (metric_value, logged_at, step, job_id, metric_key) VALUES (?, ?, ?, ?, ?)",
                inserts, 500, (ps, p) -> bind(ps, jobId, p));
        jdbc.batchUpdate("UPDATE run_latest_metric SET metric_value = ?, logged_at = ?, step = ? WHERE job_id = ? AND metric_key = ?",
                updates, 500, (ps, p) -> bind(ps, jobId, p));
    }

    private static void bind(java.sql.PreparedStatement ps, long jobId, Point p) throws java.sql.SQLException {
        ps.setDouble(1, p.value());
        ps.setLong(2, p.timestamp());
        ps.setLong(3, p.step());
        ps.setLong(4, jobId);
        ps.setString(5, p.key());
    }

    /** MLflow's rule: a higher step wins, then a later time, then a higher value (NaN counts as highest). */
    static boolean newer(Point a, Point b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return Double.compare(a.value(), b.value()) > 0;
    }
}
