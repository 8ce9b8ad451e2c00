-- Derived facts every stage shares (docs/data-contract.md, "Views"). Stages read
-- these views instead of deriving a return's week, a line's ship week,
-- processing hours or the spelling of a missing site or category themselves.
-- "Not given" is spelled 'unknown' everywhere (warehouse.Unknown).
-- Weeks are ISO weeks: week_start is the Monday (DATE), iso_week 'YYYY-Www'.

-- One row per product; category trimmed, sector lower snake_case.
CREATE VIEW v_products AS
SELECT sku,
       COALESCE(NULLIF(trim(category), ''), 'unknown')                                       AS category,
       COALESCE(NULLIF(replace(replace(lower(trim(sector)), ' ', '_'), '-', '_'), ''), 'unknown') AS sector
FROM products;

-- One row per order line, with its ship week.
CREATE VIEW v_order_lines AS
SELECT o.* EXCLUDE (channel),
       COALESCE(NULLIF(trim(o.channel), ''), 'unknown') AS channel,
       CAST(date_trunc('week', o.ship_ts) AS DATE)     AS ship_week,      -- NULL when not shipped
       strftime(o.ship_ts, '%G-W%V')                    AS ship_iso_week
FROM order_lines o;

-- One row per return line. A return happens when it is received at the dock,
-- or when it was requested if the receipt is not known: return_ts, and the
-- return's week from it. Processing hours run from receipt to disposition,
-- inspection hours from receipt to inspection, disposition hours from
-- inspection to disposition (NULL when a timestamp is missing or out of order). line_rowid is the
-- return line's rowid (v_return_shipments.return_rowid).
CREATE VIEW v_return_lines AS
SELECT r.* EXCLUDE (site, carrier),
       r.rowid                                                       AS line_rowid,
       COALESCE(NULLIF(trim(r.site), ''), 'unknown')                 AS site,
       COALESCE(NULLIF(trim(r.carrier), ''), 'unknown')              AS carrier,
       COALESCE(p.category, 'unknown')                               AS category,
       COALESCE(p.sector, 'unknown')                                 AS sector,
       COALESCE(r.received_ts, r.requested_ts)                       AS return_ts,
       CAST(date_trunc('week', COALESCE(r.received_ts, r.requested_ts)) AS DATE) AS week_start,
       strftime(COALESCE(r.received_ts, r.requested_ts), '%G-W%V')   AS iso_week,
       CAST(date_trunc('week', r.received_ts) AS DATE)               AS received_week,
       CAST(date_trunc('week', r.processed_ts) AS DATE)              AS processed_week,
       strftime(r.processed_ts, '%G-W%V')                            AS processed_iso_week,
       CASE WHEN r.processed_ts >= r.received_ts
            THEN date_diff('second', r.received_ts, r.processed_ts) / 3600.0 END AS processing_hours,
       CASE WHEN r.inspected_ts >= r.received_ts
            THEN date_diff('second', r.received_ts, r.inspected_ts) / 3600.0 END AS inspection_hours,
       CASE WHEN r.processed_ts >= r.inspected_ts AND r.inspected_ts >= r.received_ts
            THEN date_diff('second', r.inspected_ts, r.processed_ts) / 3600.0 END AS disposition_hours
FROM return_lines r
LEFT JOIN v_products p ON p.sku = r.sku;

-- The order line each return line came from (returns with an order_id and
-- line_id that match one): the line's ship time and week, and its channel.
-- return_rowid is the return line's rowid, to join back without the text keys.
CREATE VIEW v_return_shipments AS
SELECT r.rowid                                      AS return_rowid,
       r.return_id, r.sku,
       o.ship_ts,
       CAST(date_trunc('week', o.ship_ts) AS DATE)  AS ship_week,
       COALESCE(NULLIF(trim(o.channel), ''), 'unknown') AS channel
FROM return_lines r
JOIN order_lines o ON o.order_id = r.order_id AND o.line_id = r.line_id;

-- The weekly views of 002 on the one return-week rule.
CREATE OR REPLACE VIEW weekly_returned AS
SELECT sku, week_start, iso_week,
       COALESCE(reason_code, 'other') AS reason,
       SUM(qty)::BIGINT               AS units
FROM v_return_lines
WHERE return_ts IS NOT NULL
GROUP BY ALL;

CREATE OR REPLACE VIEW weekly_shipped AS
SELECT sku, ship_week AS week_start, ship_iso_week AS iso_week, SUM(qty)::BIGINT AS units
FROM v_order_lines
WHERE ship_ts IS NOT NULL
GROUP BY ALL;
