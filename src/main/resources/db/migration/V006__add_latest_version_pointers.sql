-- Each model's newest version and newest non-archived version, kept on the model row by the transactions that
-- create, archive and restore versions (all under the model row's lock). The Models view then reads one version
-- per model by primary key, walking models in name order, instead of finding every model's newest version among
-- all versions and sorting them all: docs/decisions/008-models-page-at-scale.md.
ALTER TABLE registered_model ADD COLUMN latest_version_id BIGINT;
ALTER TABLE registered_model ADD COLUMN latest_active_version_id BIGINT;

UPDATE registered_model
SET latest_version_id        = (SELECT MAX(v.id) FROM model_version v WHERE v.model_id = registered_model.id),
    latest_active_version_id = (SELECT MAX(v.id) FROM model_version v
                                WHERE v.model_id = registered_model.id AND v.archived = FALSE);
