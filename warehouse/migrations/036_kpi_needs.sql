-- KPI field requirements (package kpi). Adds to 020_kpi.sql; renames nothing.

-- The fields each KPI needs, as declared in the registry: comma-separated
-- "table.column" ("table.a|b": one of them; "table": the table loaded).
ALTER TABLE kpi_definitions ADD COLUMN needs VARCHAR;

-- The KPIs of a run that were not stored because the data lacks a field
-- they need, with the missing fields in the same form.
CREATE TABLE kpi_unsupported (
    run_id  BIGINT NOT NULL,
    kpi_id  VARCHAR NOT NULL,
    missing VARCHAR NOT NULL
);
