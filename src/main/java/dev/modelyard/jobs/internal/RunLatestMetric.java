package dev.modelyard.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A run's latest point of one metric (MLflow's latest_metrics): what run search filters and orders on and what a
 * run's data shows. Written by {@link RunMetricWriter} with every batch; read here.
 */
@Entity
@Table(name = "run_latest_metric")
@IdClass(RunLatestMetric.Key.class)
public class RunLatestMetric {

    @Id
    @Column(name = "job_id", nullable = false)
    private long jobId;

    @Id
    @Column(name = "metric_key", nullable = false, length = 250)
    private String key;

    @Column(name = "metric_value", nullable = false)
    private double value;

    @Column(name = "logged_at", nullable = false)
    private long timestamp;

    @Column(nullable = false)
    private long step;

    protected RunLatestMetric() {
    }

    public long jobId() { return jobId; }
    public String key() { return key; }
    public double value() { return value; }
    public long timestamp() { return timestamp; }
    public long step() { return step; }

    public static class Key implements Serializable {
        private long jobId;
        private String key;

        protected Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId == jobId && Objects.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, key);
        }
    }
}
