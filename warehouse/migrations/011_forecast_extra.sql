-- Forecast engine additions (package forecast, `retour forecast`). Adds to
-- 010_forecast.sql; renames nothing.

-- Open exposure per SKU and ISO week, over the history up to the run's
-- origin_week: the units shipped that can still come back. A unit shipped in
-- week s is open in weeks s .. s + window_weeks, where window_weeks is the
-- return window: the 95th percentile of the ship-to-receipt lag of the SKU's
-- category (order-linked return lines up to the origin), or 5 weeks (30 days
-- after delivery, in whole ISO weeks from the ship week) when the category has
-- no linked returns. Ship weeks stand for delivery weeks: delivery follows
-- within days, and a unit in transit can come back too.
CREATE TABLE forecast_exposure (
    run_id           BIGINT NOT NULL,
    sku              VARCHAR NOT NULL,
    week_start       DATE NOT NULL,
    iso_week         VARCHAR NOT NULL,
    window_weeks     INTEGER NOT NULL,  -- return window in weeks after the ship week
    shipped          DOUBLE NOT NULL,   -- units shipped in the week
    open_units       DOUBLE NOT NULL,   -- units shipped in weeks t - window_weeks .. t
    pending_returns  DOUBLE             -- returns still expected at the end of week t from units shipped
                                        -- up to t: sum_s shipped(s) x p x P(lag > t - s), p = the SKU's
                                        -- current return probability (order-linked model); NULL without lags
);
