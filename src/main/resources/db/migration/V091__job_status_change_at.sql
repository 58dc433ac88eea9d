-- Every node polls the status changes made since its last look, to tell its open views about jobs that other nodes
-- run (docs/decisions/021-jobs-across-nodes.md).
CREATE INDEX ix_job_status_change_at ON job_status_change (at);
