-- Lineage: the line of the source file (load_runs.run_id's file) each row came from.
ALTER TABLE products     ADD COLUMN source_line BIGINT;
ALTER TABLE order_lines  ADD COLUMN source_line BIGINT;
ALTER TABLE return_lines ADD COLUMN source_line BIGINT;
ALTER TABLE claims       ADD COLUMN source_line BIGINT;
