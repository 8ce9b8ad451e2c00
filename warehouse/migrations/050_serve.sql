-- retour serve (package serve): its runs, the inbox files it took and the
-- alerts it sent. Times are UTC.

CREATE SEQUENCE serve_run_seq START 1;

-- One row per run: scheduled (cron), missed (a scheduled run made up at
-- start), inbox (files loaded then forecast, KPIs and packs refreshed),
-- manual (admin "run now"), start (the service started).
CREATE TABLE serve_runs (
    run_id        BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    scheduled_for TIMESTAMP,           -- the cron time a scheduled or missed run stands for
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,    -- running, ok, failed
    seconds       DOUBLE,
    message       VARCHAR              -- what the run did, or the error
);

-- Files taken from the inbox, by content: the same bytes dropped again are
-- archived without loading.
CREATE TABLE serve_files (
    sha256     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,      -- file name as dropped
    bytes      BIGINT NOT NULL,
    taken_at   TIMESTAMP NOT NULL,
    status     VARCHAR NOT NULL,      -- loaded, unchanged (same bytes already loaded), failed
    load_run   BIGINT,                -- load_runs.run_id, when loaded
    serve_run  BIGINT,                -- serve_runs.run_id
    message    VARCHAR
);

-- Alerts mailed, so each is sent once and not again within the cooldown.
CREATE TABLE serve_alerts (
    alert_key  VARCHAR PRIMARY KEY,   -- e.g. reason|sku|SKU-1|size|2026-11-02 or kpi|return_rate|total|
    subject    VARCHAR NOT NULL,
    first_sent TIMESTAMP NOT NULL,
    last_sent  TIMESTAMP NOT NULL,
    times_sent INTEGER NOT NULL
);
