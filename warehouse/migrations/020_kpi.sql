-- KPI layer outputs (package kpi, `retour kpi`).

CREATE SEQUENCE kpi_run_seq START 1;

CREATE TABLE kpi_runs (
    run_id      BIGINT PRIMARY KEY,
    created_at  TIMESTAMP NOT NULL,
    first_week  DATE,
    last_week   DATE,
    status      VARCHAR NOT NULL,
    wall_seconds DOUBLE
);

-- The registry, as written by the last kpi run (for reports and analysts).
CREATE TABLE kpi_definitions (
    kpi_id           VARCHAR PRIMARY KEY,
    name_en          VARCHAR NOT NULL,
    name_fr          VARCHAR NOT NULL,
    definition_en    VARCHAR NOT NULL,
    definition_fr    VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,  -- %, h, EUR, km, units, score, d, kgCO2e ...
    higher_is_better BOOLEAN,
    audience         VARCHAR            -- operations, marketing, csr, claims
);

-- One value per KPI, ISO week and scope.
CREATE TABLE kpi_snapshots (
    run_id           BIGINT NOT NULL,
    kpi_id           VARCHAR NOT NULL,
    week_start       DATE NOT NULL,
    iso_week         VARCHAR NOT NULL,
    scope            VARCHAR NOT NULL,  -- total, sector, category, site, carrier, channel
    scope_value      VARCHAR NOT NULL,  -- '' for total
    value            DOUBLE,
    numerator        DOUBLE,
    denominator      DOUBLE,
    provisional      BOOLEAN NOT NULL DEFAULT false,
    benchmark_low    DOUBLE,
    benchmark_high   DOUBLE,
    benchmark_status VARCHAR,           -- better, within, worse, NULL when no band
    benchmark_gap    DOUBLE,            -- distance to the band, in the KPI's unit
    benchmark_source VARCHAR
);

-- CO2 per ISO week, sector, category, disposition and transport mode. Inventory
-- (emitted) and avoided figures sit in separate columns and are never summed.
CREATE TABLE carbon_facts (
    run_id                BIGINT NOT NULL,
    week_start            DATE NOT NULL,
    iso_week              VARCHAR NOT NULL,
    sector                VARCHAR,
    category              VARCHAR,
    disposition           VARCHAR,
    transport_mode        VARCHAR,
    esrs_route            VARCHAR,      -- ESRS E5-5: prepared_for_reuse, recycled, other_recovery, incinerated, landfilled, other_disposal
    units                 BIGINT NOT NULL,
    mass_kg               DOUBLE NOT NULL,
    transport_kgco2e      DOUBLE NOT NULL,  -- inventory: return transport
    processing_kgco2e     DOUBLE NOT NULL,  -- inventory: processing
    end_of_life_kgco2e    DOUBLE NOT NULL,  -- inventory: destroyed goods
    avoided_kgco2e        DOUBLE NOT NULL,  -- avoided, reported separately
    new_footprint_kgco2e  DOUBLE NOT NULL,  -- reference scenario: new units' footprint
    destroyed_units       BIGINT NOT NULL   -- AGEC / ESPR flag count
);

-- The factors used by the last kpi run, with source and year.
CREATE TABLE carbon_factors (
    factor_id VARCHAR PRIMARY KEY,
    item      VARCHAR NOT NULL,
    value     DOUBLE NOT NULL,
    unit      VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    year      INTEGER
);
