-- The live log of a running job, mirrored by the node running it every second so that views and API calls on other
-- nodes can follow it (docs/decisions/021-jobs-across-nodes.md). Bytes as base64 (the same column type on H2 and
-- PostgreSQL); rows go once the job has ended and its log is stored as an artifact.
CREATE TABLE job_log_chunk (
    job_name     VARCHAR(64)     NOT NULL,
    start_offset BIGINT          NOT NULL,
    length       INTEGER         NOT NULL,
    data         VARCHAR(1400000) NOT NULL,
    CONSTRAINT pk_job_log_chunk PRIMARY KEY (job_name, start_offset)
);
