-- Discarded unsold goods (ESPR, Reg. (EU) 2024/1781, art. 24; package kpi,
-- `retour kpi`). Returned goods are unsold goods (art. 2(37)). One row per
-- ISO week of disposition, sector, category, return reason, disposition and
-- destination, for every processed return line; the destination comes from
-- warehouse.DispositionDestinations.
CREATE TABLE csr_discarded (
    run_id            BIGINT NOT NULL,
    week_start        DATE NOT NULL,     -- ISO week the disposition was done (processed_ts)
    iso_week          VARCHAR NOT NULL,
    sector            VARCHAR NOT NULL,  -- 'unknown' when not given
    category          VARCHAR NOT NULL,
    reason            VARCHAR NOT NULL,  -- the customer's return reason (reason_code), 'unknown' when not given
    disposition       VARCHAR NOT NULL,  -- 'unknown' when not given
    destination       VARCHAR NOT NULL,  -- reuse, remanufacture, recycling, other_recovery, disposal, not_discarded, unknown
    units             BIGINT NOT NULL,
    units_weighed     BIGINT NOT NULL,   -- units whose product weight is known
    mass_kg           DOUBLE,            -- kg of the weighed units; NULL when none is weighed (never a default weight)
    espr_destruction  BOOLEAN,           -- discarded other than for preparing for reuse (ESPR art. 2(34)); NULL when the destination is unknown
    espr_banned       BOOLEAN,           -- ESPR destruction of apparel or footwear from 19 July 2026 (art. 25, Annex VII)
    agec_banned       BOOLEAN            -- non-food goods eliminated (energy recovery or disposal), banned in France (AGEC); NULL when sector or destination is unknown
);

-- What a stored table of the kpi stage holds: definition, unit and source
-- (written with each run).
CREATE TABLE kpi_table_definitions (
    table_name     VARCHAR PRIMARY KEY,
    definition_en  VARCHAR NOT NULL,
    definition_fr  VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    source         VARCHAR NOT NULL
);
