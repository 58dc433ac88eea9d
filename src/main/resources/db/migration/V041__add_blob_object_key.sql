-- Where a blob's bytes are when not at blobs/sha256/<ab>/<sha256>: an upload streamed straight into an S3 store
-- lands under uploads/<uuid> before its hash is known, and stays there (no server-side copy). NULL: the hash key.
ALTER TABLE blob ADD COLUMN object_key VARCHAR(200);
CREATE INDEX ix_blob_object_key ON blob (object_key);
