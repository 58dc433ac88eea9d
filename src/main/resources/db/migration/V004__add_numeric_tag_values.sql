-- Numeric tag values, parsed once on write, so that 'auc>=0.9' is an indexed range scan.
ALTER TABLE version_tag ADD COLUMN tag_number DOUBLE PRECISION;
CREATE INDEX ix_version_tag_key_number ON version_tag (tag_key, tag_number);
