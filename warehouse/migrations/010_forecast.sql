-- Forecast engine outputs (package forecast, `retour forecast`).
-- Weeks are ISO weeks; week_start is the Monday. Units are returned units.

CREATE SEQUENCE forecast_run_seq START 1;

CREATE TABLE forecast_runs (
    run_id        BIGINT PRIMARY KEY,
    created_at    TIMESTAMP NOT NULL,
    origin_week   DATE NOT NULL,      -- last week of history used (Monday)
    horizon       INTEGER NOT NULL,   -- weeks ahead
    origins       INTEGER NOT NULL,   -- backtest origins
    status        VARCHAR NOT NULL,   -- ok, failed
    wall_seconds  DOUBLE,
    params        VARCHAR             -- JSON of the options used
);

-- Point forecasts and intervals per level (sku, category, sector, site, total) and key.
CREATE TABLE forecasts (
    run_id     BIGINT NOT NULL,
    level      VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    week_start DATE NOT NULL,
    iso_week   VARCHAR NOT NULL,
    h          INTEGER NOT NULL,      -- 1 = the week after origin_week
    model      VARCHAR NOT NULL,      -- model (or combination) selected for this key
    mean       DOUBLE NOT NULL,
    lo80 DOUBLE, hi80 DOUBLE, lo95 DOUBLE, hi95 DOUBLE
);

-- Rolling-origin backtest accuracy per level, key and model.
CREATE TABLE forecast_accuracy (
    run_id      BIGINT NOT NULL,
    level       VARCHAR NOT NULL,
    key         VARCHAR NOT NULL,      -- '*' for the level aggregate
    model       VARCHAR NOT NULL,
    horizons    VARCHAR NOT NULL,      -- '1-4', '5-13', 'all'
    wape        DOUBLE,                -- sum|e| / sum actual
    mase        DOUBLE,
    bias        DOUBLE,                -- sum(f - a) / sum actual
    coverage80  DOUBLE,                -- share of actuals inside the 80 % interval
    coverage95  DOUBLE,
    pinball     DOUBLE,
    n           BIGINT,                -- forecast points scored
    selected    BOOLEAN NOT NULL       -- the model used for this key's forecasts
);

-- Reason shares and volumes per SKU (and category) and week; units sum to the SKU forecast.
CREATE TABLE reason_forecasts (
    run_id     BIGINT NOT NULL,
    level      VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    week_start DATE NOT NULL,
    iso_week   VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    share      DOUBLE NOT NULL,
    units      DOUBLE NOT NULL
);

-- A reason whose share rose beyond its usual range (sequential test).
CREATE TABLE reason_alerts (
    run_id           BIGINT NOT NULL,
    level            VARCHAR NOT NULL,  -- sku or category
    key              VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,
    start_week       DATE NOT NULL,     -- estimated change point
    detected_week    DATE NOT NULL,     -- week the test crossed its threshold
    share_usual      DOUBLE,            -- baseline share
    share_recent     DOUBLE,            -- share since start_week
    strength         DOUBLE,            -- test statistic / threshold (>= 1 when alerted)
    false_alarm_rate DOUBLE             -- design false-alarm rate per series-week
);

-- Staffing: forecast units x processing hours per unit, per site and week.
CREATE TABLE workload_forecasts (
    run_id         BIGINT NOT NULL,
    site           VARCHAR NOT NULL,
    week_start     DATE NOT NULL,
    iso_week       VARCHAR NOT NULL,
    units          DOUBLE NOT NULL,
    hours_per_unit DOUBLE NOT NULL,
    hours          DOUBLE NOT NULL,
    hours_lo80 DOUBLE, hours_hi80 DOUBLE
);
