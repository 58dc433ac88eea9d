-- MLflow run search (issue 9, docs/decisions/014-mlflow-compatibility.md): filters and order_by on metrics read a
-- run's latest value of each metric (MLflow's latest_metrics): the point with the highest step, then the latest
-- time, then the highest value. Kept beside every point so a search never scans a run's history.
CREATE TABLE run_latest_metric (
    job_id       BIGINT           NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    metric_key   VARCHAR(250)     NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    logged_at    BIGINT           NOT NULL,
    step         BIGINT           NOT NULL,
    CONSTRAINT pk_run_latest_metric PRIMARY KEY (job_id, metric_key)
);
CREATE INDEX ix_run_latest_metric_key ON run_latest_metric (metric_key, metric_value);

INSERT INTO run_latest_metric (job_id, metric_key, metric_value, logged_at, step)
SELECT m.job_id, m.metric_key, m.metric_value, m.logged_at, m.step FROM run_metric m
WHERE m.id = (SELECT n.id FROM run_metric n WHERE n.job_id = m.job_id AND n.metric_key = m.metric_key
              ORDER BY n.step DESC, n.logged_at DESC, n.metric_value DESC, n.id DESC LIMIT 1);

-- experiments/search filters and orders on last_update_time
ALTER TABLE experiment ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE experiment SET updated_at = created_at;
ALTER TABLE experiment ALTER COLUMN updated_at SET NOT NULL;
