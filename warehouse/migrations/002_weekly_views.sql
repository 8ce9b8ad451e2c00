-- Weekly (ISO week, Monday start) views used by the forecast, KPI and report stages.

CREATE VIEW weekly_shipped AS
SELECT sku,
       CAST(date_trunc('week', ship_ts) AS DATE) AS week_start,
       strftime(ship_ts, '%G-W%V')               AS iso_week,
       SUM(qty)::BIGINT                          AS units
FROM order_lines
WHERE ship_ts IS NOT NULL
GROUP BY ALL;

CREATE VIEW weekly_returned AS
SELECT sku,
       CAST(date_trunc('week', COALESCE(received_ts, requested_ts)) AS DATE) AS week_start,
       strftime(COALESCE(received_ts, requested_ts), '%G-W%V')               AS iso_week,
       COALESCE(reason_code, 'other')                                        AS reason,
       SUM(qty)::BIGINT                                                      AS units
FROM return_lines
WHERE COALESCE(received_ts, requested_ts) IS NOT NULL
GROUP BY ALL;
