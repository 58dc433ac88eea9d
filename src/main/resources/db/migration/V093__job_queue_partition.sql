-- The queue partition a job waits in: only nodes of that partition claim it (docs/decisions/021-jobs-across-nodes.md).
-- Nodes of one deployment share the default partition; a pool of nodes that must not run the others' jobs (a
-- different job configuration, or the Spring contexts of the test suite over one database) takes its own.
ALTER TABLE job ADD COLUMN queue_partition VARCHAR(64) DEFAULT 'default' NOT NULL;
