-- Cheap and crash-safe re-loads (etl/upsert.go, warehouse/recover.go).
-- row_hash: a hash of the row's canonical fields, written by the load that
-- wrote the row: a re-load finds its unchanged rows by key and hash in one
-- join (rows without a hash are compared field by field).
-- replaced_by: the load run that replaced the row. A re-load does not delete
-- the rows it replaces inside its transaction: it marks them, and deletes them
-- once its run is committed 'ok'. If the run never reaches 'ok', opening the
-- warehouse restores them (replaced_by back to NULL); if it did, opening
-- deletes what is left. Outside a load every replaced_by is NULL.
ALTER TABLE products     ADD COLUMN row_hash UBIGINT;
ALTER TABLE sites        ADD COLUMN row_hash UBIGINT;
ALTER TABLE order_lines  ADD COLUMN row_hash UBIGINT;
ALTER TABLE return_lines ADD COLUMN row_hash UBIGINT;
ALTER TABLE claims       ADD COLUMN row_hash UBIGINT;
ALTER TABLE products     ADD COLUMN replaced_by BIGINT;
ALTER TABLE sites        ADD COLUMN replaced_by BIGINT;
ALTER TABLE order_lines  ADD COLUMN replaced_by BIGINT;
ALTER TABLE return_lines ADD COLUMN replaced_by BIGINT;
ALTER TABLE claims       ADD COLUMN replaced_by BIGINT;
ALTER TABLE quarantine   ADD COLUMN replaced_by BIGINT;
