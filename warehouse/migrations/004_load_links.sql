-- Real exports: rows skipped by mapping rules, how returns were linked to their order lines.
ALTER TABLE load_runs ADD COLUMN rows_skipped BIGINT;     -- rows a mapping rule skipped (read = inserted + updated + unchanged + quarantined + skipped)
ALTER TABLE load_runs ADD COLUMN units_linked_given BIGINT;    -- returned units whose order line the file named
ALTER TABLE load_runs ADD COLUMN units_linked_inferred BIGINT; -- returned units linked by inference (same customer and SKU)
ALTER TABLE load_runs ADD COLUMN units_unlinked BIGINT;        -- returned units with no order line
ALTER TABLE return_lines ADD COLUMN customer_id VARCHAR;       -- pseudonymous customer who returned, when the source says
ALTER TABLE return_lines ADD COLUMN link_method VARCHAR;       -- given, inferred or none: how order_id/line_id were set
