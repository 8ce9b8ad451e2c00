-- The data coverage (field_coverage_total and table_rows) as measured for one
-- state of the canonical tables (warehouse/coveragestore.go). Measuring it
-- reads every text field of every row (seconds at 10M order lines); `retour kpi`
-- measures it anyway and stores it here, and readers (report, status) use the
-- stored copy while the tables are in the same state, measuring again
-- otherwise. state: the schema version and measured fields, and per canonical
-- table its row count and the count, sum and maximum of run_id and the sum of
-- row_hash (any load changes one of them).
-- One state at a time.
CREATE TABLE field_coverage_stored (
    state      VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    field      VARCHAR,            -- NULL: the row holds the table's row count (table_rows)
    rows       BIGINT NOT NULL,
    present    BIGINT NOT NULL     -- rows having the field (= rows on a table_rows row)
);
