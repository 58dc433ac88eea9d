-- Jobs across nodes (docs/decisions/021-jobs-across-nodes.md). The node running a job holds a lease on it:
-- node_name is the node (modelyard.jobs.node-name, default the host name), node_run the node's current process
-- (a random id per start), lease_until when the lease lapses unless that process renews it. An active job whose
-- lease lapsed, or that an earlier process of the same node ran, is settled by the restart rule (006).
ALTER TABLE job ADD COLUMN node_name VARCHAR(255);
ALTER TABLE job ADD COLUMN node_run VARCHAR(36);
ALTER TABLE job ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX job_status_lease ON job (status, lease_until);
