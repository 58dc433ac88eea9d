package dev.modelyard.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One logged metric point of a run (a job). */
@Entity
@Table(name = "run_metric")
public class RunMetric {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false)
    private long jobId;

    @Column(name = "metric_key", nullable = false, length = 250)
    private String key;

    @Column(name = "metric_value", nullable = false)
    private double value;

    @Column(name = "logged_at", nullable = false)
    private long timestamp;

    @Column(nullable = false)
    private long step;

    protected RunMetric() {
    }

    public RunMetric(long jobId, String key, double value, long timestamp, long step) {
        this.jobId = jobId;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
        this.step = step;
    }

    public String key() { return key; }
    public double value() { return value; }
    public long timestamp() { return timestamp; }
    public long step() { return step; }
}
