-- run_id: the marker (MODELYARD_JOB_RUN=<run_id>) in the environment of every process a run starts, so the
-- processes it left can be found and stopped when it ends, is canceled, or after a crash.
ALTER TABLE job ADD COLUMN run_id VARCHAR(36);
-- What the job left but Modelyard refused to store ([{"path":…,"reason":…}], the first 500) and how many in all.
ALTER TABLE job ADD COLUMN not_stored_json VARCHAR(1000000);
ALTER TABLE job ADD COLUMN not_stored_count INTEGER DEFAULT 0 NOT NULL;
