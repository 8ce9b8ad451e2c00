-- KPI layer additions (package kpi). Adds to 020_kpi.sql; renames nothing.

-- Provenance of a kpi run: the reference files and options used.
ALTER TABLE kpi_runs ADD COLUMN benchmarks_file VARCHAR;
ALTER TABLE kpi_runs ADD COLUMN factors_files VARCHAR;
ALTER TABLE kpi_runs ADD COLUMN params VARCHAR;          -- JSON of the options
ALTER TABLE kpi_runs ADD COLUMN message VARCHAR;

-- Ship-week cohorts: share of the cohort's eventual returns observed so far
-- (observed / completed numerator); NULL for other KPIs.
ALTER TABLE kpi_snapshots ADD COLUMN completion DOUBLE;

-- The benchmark bands used by the last kpi run (shipped seed table or the user's file).
CREATE TABLE kpi_benchmarks (
    kpi_id   VARCHAR NOT NULL,
    sector   VARCHAR NOT NULL,  -- '*' = every scope without a band of its own
    low      DOUBLE NOT NULL,
    high     DOUBLE NOT NULL,
    unit     VARCHAR NOT NULL,
    source   VARCHAR NOT NULL,
    year     INTEGER,
    note     VARCHAR,
    file     VARCHAR NOT NULL
);

-- Published figures shown beside the bands, never used to class a value.
CREATE TABLE kpi_published_figures (
    figure_id   VARCHAR PRIMARY KEY,
    kpi_id      VARCHAR,
    scope       VARCHAR,
    value       DOUBLE NOT NULL,
    unit        VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    year        INTEGER
);

-- Recurring claim causes: SKUs and carriers with repeated claims in the
-- look-back window ending with the last complete week.
CREATE TABLE kpi_claims_recurring (
    run_id        BIGINT NOT NULL,
    key_type      VARCHAR NOT NULL,  -- sku, carrier
    key           VARCHAR NOT NULL,
    claims_recent BIGINT NOT NULL,   -- claims opened in the look-back window
    claims_total  BIGINT NOT NULL,   -- claims opened over the whole history
    amount_recent DOUBLE,            -- EUR, look-back window
    top_type      VARCHAR,           -- most frequent claim type in the window
    top_subtype   VARCHAR,
    first_opened  TIMESTAMP,
    last_opened   TIMESTAMP,
    window_weeks  INTEGER NOT NULL
);

-- Extra notes on carbon_factors: what the factor is for.
ALTER TABLE carbon_factors ADD COLUMN note VARCHAR;
