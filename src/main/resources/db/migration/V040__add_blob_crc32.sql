-- CRC-32 of each content, recorded when it is staged, so version zips can write already-compressed files as
-- STORED entries without a pass over the bytes first (docs/decisions/013). NULL for blobs stored before this.
ALTER TABLE blob ADD COLUMN crc32 BIGINT;
