-- Canonical tables: the data contract between the ETL and every later stage.
-- Names are fixed: analysts, notebooks and other tools query them.
-- Timestamps are TIMESTAMP (naive, in the source's local time); money is EUR unless
-- the currency column says otherwise; masses are kg; distances km.

CREATE TABLE products (
    sku          VARCHAR NOT NULL,   -- stock-keeping unit, natural key
    name         VARCHAR,
    category     VARCHAR,            -- e.g. jeans, smartphone, sofa
    sector       VARCHAR,            -- fashion, high_tech, food, furniture, appliance, other
    brand        VARCHAR,
    unit_cost    DOUBLE,             -- EUR per unit, purchase or production cost
    list_price   DOUBLE,             -- EUR per unit, catalogue price incl. VAT
    weight_kg    DOUBLE,             -- kg per unit, shipped weight
    material     VARCHAR,            -- main material (cotton, leather, electronics, ...)
    pcf_kgco2e   DOUBLE,             -- optional product carbon footprint override, kgCO2e per unit
    run_id       BIGINT NOT NULL     -- load_runs.run_id that last wrote the row
);

CREATE TABLE order_lines (
    order_id     VARCHAR NOT NULL,
    line_id      VARCHAR NOT NULL,   -- (order_id, line_id) is the natural key
    order_ts     TIMESTAMP NOT NULL,
    ship_ts      TIMESTAMP,
    delivered_ts TIMESTAMP,
    customer_id  VARCHAR,            -- pseudonymous
    channel      VARCHAR,            -- web, app, marketplace, store
    country      VARCHAR,            -- ISO 3166-1 alpha-2 of delivery
    sku          VARCHAR NOT NULL,
    qty          INTEGER NOT NULL,   -- units, > 0
    unit_price   DOUBLE,             -- EUR per unit paid, >= 0
    discount     DOUBLE,             -- EUR per line, >= 0
    currency     VARCHAR,
    run_id       BIGINT NOT NULL
);

CREATE TABLE return_lines (
    return_id         VARCHAR NOT NULL,
    order_id          VARCHAR,
    line_id           VARCHAR,          -- link to order_lines when known
    sku               VARCHAR NOT NULL, -- (return_id, sku) is the natural key
    qty               INTEGER NOT NULL, -- units, > 0
    requested_ts      TIMESTAMP,        -- RMA opened
    received_ts       TIMESTAMP,        -- received at the returns dock
    inspected_ts      TIMESTAMP,        -- inspection and grading done (optional stage)
    processed_ts      TIMESTAMP,        -- disposition done
    reason_code       VARCHAR,          -- canonical reason (see docs/data-contract.md)
    reason_raw        VARCHAR,          -- the source's own reason code, as given
    reason_text       VARCHAR,          -- customer free text
    condition_grade   VARCHAR,          -- A (as new), B, C, D (scrap)
    disposition       VARCHAR,          -- restock, refurbish, repair, resell_secondary, donate, recycle, destroy
    refurbish_outcome VARCHAR,          -- success, failed, or NULL when not attempted
    refund_amount     DOUBLE,           -- EUR refunded to the customer
    resale_value      DOUBLE,           -- EUR recovered by resale, NULL when not resold
    processing_cost   DOUBLE,           -- EUR spent on inspection, grading, refurbishment
    transport_cost    DOUBLE,           -- EUR of return transport
    transport_mode    VARCHAR,          -- parcel_home, parcel_pickup, van_diesel, van_electric, truck_rigid, truck_artic, rail, ship, air
    transport_km      DOUBLE,           -- km travelled by the returned unit
    carrier           VARCHAR,
    site              VARCHAR,          -- returns warehouse that received it
    csat_score        INTEGER,          -- post-return survey, 1-5, NULL when not answered
    run_id            BIGINT NOT NULL
);

CREATE TABLE claims (
    claim_id    VARCHAR NOT NULL,       -- natural key
    order_id    VARCHAR,
    sku         VARCHAR,
    carrier     VARCHAR,
    opened_ts   TIMESTAMP NOT NULL,
    closed_ts   TIMESTAMP,
    type        VARCHAR,                -- commercial, financial, transport, quality
    subtype     VARCHAR,
    resolution  VARCHAR,                -- replacement, credit_note, refund, compensation, rejected
    amount      DOUBLE,                 -- EUR
    status      VARCHAR,                -- open, closed
    run_id      BIGINT NOT NULL
);

CREATE SEQUENCE load_run_seq START 1;

CREATE TABLE load_runs (
    run_id       BIGINT PRIMARY KEY,
    source       VARCHAR NOT NULL,      -- path as given
    entity       VARCHAR NOT NULL,      -- products, order_lines, return_lines, claims
    sha256       VARCHAR,               -- of the file bytes as read
    bytes        BIGINT,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    rows_read        BIGINT,            -- data rows (header excluded)
    rows_inserted    BIGINT,
    rows_updated     BIGINT,
    rows_unchanged   BIGINT,
    rows_quarantined BIGINT,
    status       VARCHAR NOT NULL,      -- ok, failed, skipped (same checksum already loaded)
    message      VARCHAR
);

CREATE TABLE quarantine (
    run_id     BIGINT NOT NULL,
    file       VARCHAR NOT NULL,
    entity     VARCHAR NOT NULL,
    line       BIGINT NOT NULL,         -- 1-based physical line in the file (NDJSON: line; Parquet: row + 1)
    col        VARCHAR,                 -- source column at fault, when one is
    value      VARCHAR,                 -- the offending value
    reason     VARCHAR NOT NULL,        -- what is wrong and what to do
    raw        VARCHAR                  -- the row as it stood in the file
);
