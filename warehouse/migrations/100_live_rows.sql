-- Rows a re-load replaced are not figures. A re-load marks the rows it
-- replaces (replaced_by, migration 070) and deletes them just after its
-- commit; between the two (or until the next open, if the process stopped
-- there) both the old and the new row of a key are in the table. Every view
-- that reads a loaded table therefore reads only its live rows
-- (replaced_by IS NULL); the views built on these (weekly_*, return_comments,
-- field_coverage_total, ...) inherit it. Definitions otherwise as in 030, 032,
-- 035, 037 and 060. Code reading a loaded table itself adds the same filter
-- (docs/data-contract.md, "Views").

CREATE OR REPLACE VIEW v_products AS
SELECT sku,
       COALESCE(NULLIF(trim(category), ''), 'unknown')                                       AS category,
       COALESCE(NULLIF(replace(replace(lower(trim(sector)), ' ', '_'), '-', '_'), ''), 'unknown') AS sector
FROM products
WHERE replaced_by IS NULL;

CREATE OR REPLACE VIEW v_order_lines AS
SELECT o.* EXCLUDE (channel),
       COALESCE(NULLIF(trim(o.channel), ''), 'unknown') AS channel,
       CAST(date_trunc('week', o.ship_ts) AS DATE)     AS ship_week,      -- NULL when not shipped
       strftime(o.ship_ts, '%G-W%V')                    AS ship_iso_week,
       CAST(date_trunc('week', o.order_ts) AS DATE)    AS order_week,
       CAST(date_trunc('week', o.delivered_ts) AS DATE) AS delivered_week -- NULL when not delivered
FROM order_lines o
WHERE o.replaced_by IS NULL;

CREATE OR REPLACE VIEW v_return_lines AS
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
LEFT JOIN v_products p ON p.sku = r.sku
WHERE r.replaced_by IS NULL;

CREATE OR REPLACE VIEW v_return_shipments AS
SELECT r.rowid                                      AS return_rowid,
       r.return_id, r.sku,
       o.ship_ts,
       CAST(date_trunc('week', o.ship_ts) AS DATE)  AS ship_week,
       COALESCE(NULLIF(trim(o.channel), ''), 'unknown') AS channel
FROM return_lines r
JOIN order_lines o ON o.order_id = r.order_id AND o.line_id = r.line_id
WHERE r.replaced_by IS NULL AND o.replaced_by IS NULL;

CREATE OR REPLACE VIEW v_claims AS
SELECT c.* EXCLUDE (type, resolution, carrier),
       COALESCE(NULLIF(lower(trim(c.type)), ''), 'unknown')       AS type,
       COALESCE(NULLIF(lower(trim(c.resolution)), ''), 'unknown') AS resolution,
       COALESCE(NULLIF(trim(c.carrier), ''), 'unknown')           AS carrier,
       CAST(date_trunc('week', c.opened_ts) AS DATE)              AS open_week,
       strftime(c.opened_ts, '%G-W%V')                            AS open_iso_week,
       CAST(date_trunc('week', c.closed_ts) AS DATE)              AS close_week,
       CASE WHEN c.closed_ts >= c.opened_ts
            THEN date_diff('second', c.opened_ts, c.closed_ts) / 86400.0 END AS days_to_close
FROM claims c
WHERE c.replaced_by IS NULL;

CREATE OR REPLACE VIEW table_rows AS
SELECT 'products' AS table_name, (SELECT count(*) FROM products WHERE replaced_by IS NULL) AS rows
UNION ALL SELECT 'order_lines', (SELECT count(*) FROM order_lines WHERE replaced_by IS NULL)
UNION ALL SELECT 'return_lines', (SELECT count(*) FROM return_lines WHERE replaced_by IS NULL)
UNION ALL SELECT 'claims', (SELECT count(*) FROM claims WHERE replaced_by IS NULL);

CREATE OR REPLACE VIEW sku_labels AS
SELECT p.sku, COALESCE(any_value(n.name), '') AS name,
       any_value(p.category) AS category, any_value(p.sector) AS sector
FROM v_products p
LEFT JOIN (SELECT sku, any_value(NULLIF(trim(name), '')) AS name FROM products WHERE replaced_by IS NULL GROUP BY sku) n USING (sku)
GROUP BY p.sku;

CREATE OR REPLACE VIEW field_coverage AS
WITH r AS (
    SELECT CAST(date_trunc('week', COALESCE(received_ts, requested_ts)) AS DATE) AS week_start, count(*) AS n,
           count(NULLIF(trim(order_id), '')) AS order_id, count(NULLIF(trim(line_id), '')) AS line_id,
           count(requested_ts) AS requested_ts, count(received_ts) AS received_ts,
           count(inspected_ts) AS inspected_ts, count(processed_ts) AS processed_ts,
           count(*) FILTER (WHERE NULLIF(lower(trim(reason_code)), '') NOT IN ('other', 'unknown')) AS reason_code,
           count(NULLIF(trim(reason_text), '')) AS reason_text,
           count(NULLIF(trim(condition_grade), '')) AS condition_grade,
           count(NULLIF(trim(disposition), '')) AS disposition,
           count(NULLIF(trim(refurbish_outcome), '')) AS refurbish_outcome,
           count(refund_amount) AS refund_amount, count(resale_value) AS resale_value,
           count(processing_cost) AS processing_cost, count(transport_cost) AS transport_cost,
           count(NULLIF(trim(transport_mode), '')) AS transport_mode, count(transport_km) AS transport_km,
           count(NULLIF(trim(carrier), '')) AS carrier, count(NULLIF(trim(site), '')) AS site,
           count(csat_score) AS csat_score
    FROM return_lines WHERE replaced_by IS NULL GROUP BY 1),
o AS (
    SELECT CAST(date_trunc('week', order_ts) AS DATE) AS week_start, count(*) AS n,
           count(ship_ts) AS ship_ts, count(delivered_ts) AS delivered_ts,
           count(NULLIF(trim(customer_id), '')) AS customer_id, count(NULLIF(trim(channel), '')) AS channel,
           count(NULLIF(trim(country), '')) AS country, count(unit_price) AS unit_price,
           count(promised_ts) AS promised_ts, count(shipping_cost) AS shipping_cost
    FROM order_lines WHERE replaced_by IS NULL GROUP BY 1),
p AS (
    SELECT CAST(NULL AS DATE) AS week_start, count(*) AS n,
           count(NULLIF(trim(name), '')) AS name, count(NULLIF(trim(category), '')) AS category,
           count(NULLIF(trim(sector), '')) AS sector, count(unit_cost) AS unit_cost,
           count(*) FILTER (WHERE weight_kg > 0) AS weight_kg, count(NULLIF(trim(material), '')) AS material,
           count(*) FILTER (WHERE pcf_kgco2e > 0) AS pcf_kgco2e
    FROM products WHERE replaced_by IS NULL GROUP BY 1),
c AS (
    SELECT CAST(date_trunc('week', opened_ts) AS DATE) AS week_start, count(*) AS n,
           count(NULLIF(trim(sku), '')) AS sku, count(NULLIF(trim(carrier), '')) AS carrier,
           count(closed_ts) AS closed_ts, count(NULLIF(trim(type), '')) AS type,
           count(NULLIF(trim(subtype), '')) AS subtype, count(NULLIF(trim(resolution), '')) AS resolution,
           count(amount) AS amount
    FROM claims WHERE replaced_by IS NULL GROUP BY 1)
SELECT 'return_lines' AS table_name, field, week_start, n AS rows, present
FROM (UNPIVOT r ON COLUMNS(* EXCLUDE (week_start, n)) INTO NAME field VALUE present)
UNION ALL
SELECT 'order_lines', field, week_start, n, present
FROM (UNPIVOT o ON COLUMNS(* EXCLUDE (week_start, n)) INTO NAME field VALUE present)
UNION ALL
SELECT 'products', field, week_start, n, present
FROM (UNPIVOT p ON COLUMNS(* EXCLUDE (week_start, n)) INTO NAME field VALUE present)
UNION ALL
SELECT 'claims', field, week_start, n, present
FROM (UNPIVOT c ON COLUMNS(* EXCLUDE (week_start, n)) INTO NAME field VALUE present);
