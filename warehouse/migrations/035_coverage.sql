-- Data coverage: per canonical table, optional field and week, how many rows
-- have the field (reports, `retour status` and the capability table read it).
-- A field counts as present when it holds a usable value: text not blank,
-- weights above 0, reason codes other than the catch-all ('other', 'unknown').
-- Weeks: return lines by return week (received, else requested), order lines
-- by order week, claims by opening week; products have no week (NULL).
-- A table with no rows has no rows here: the entity was never loaded.

CREATE VIEW field_coverage AS
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
    FROM return_lines GROUP BY 1),
o AS (
    SELECT CAST(date_trunc('week', order_ts) AS DATE) AS week_start, count(*) AS n,
           count(ship_ts) AS ship_ts, count(delivered_ts) AS delivered_ts,
           count(NULLIF(trim(customer_id), '')) AS customer_id, count(NULLIF(trim(channel), '')) AS channel,
           count(NULLIF(trim(country), '')) AS country, count(unit_price) AS unit_price
    FROM order_lines GROUP BY 1),
p AS (
    SELECT CAST(NULL AS DATE) AS week_start, count(*) AS n,
           count(NULLIF(trim(name), '')) AS name, count(NULLIF(trim(category), '')) AS category,
           count(NULLIF(trim(sector), '')) AS sector, count(unit_cost) AS unit_cost,
           count(*) FILTER (WHERE weight_kg > 0) AS weight_kg, count(NULLIF(trim(material), '')) AS material,
           count(*) FILTER (WHERE pcf_kgco2e > 0) AS pcf_kgco2e
    FROM products GROUP BY 1),
c AS (
    SELECT CAST(date_trunc('week', opened_ts) AS DATE) AS week_start, count(*) AS n,
           count(NULLIF(trim(sku), '')) AS sku, count(NULLIF(trim(carrier), '')) AS carrier,
           count(closed_ts) AS closed_ts, count(NULLIF(trim(type), '')) AS type,
           count(NULLIF(trim(subtype), '')) AS subtype, count(NULLIF(trim(resolution), '')) AS resolution,
           count(amount) AS amount
    FROM claims GROUP BY 1)
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

-- Coverage over all weeks: share of the table's rows that have the field.
CREATE VIEW field_coverage_total AS
SELECT table_name, field, SUM(rows)::BIGINT AS rows, SUM(present)::BIGINT AS present,
       SUM(present) / SUM(rows) AS share
FROM field_coverage GROUP BY table_name, field;

-- Rows per canonical table (0 when the entity was never loaded).
CREATE VIEW table_rows AS
SELECT 'products' AS table_name, (SELECT count(*) FROM products) AS rows
UNION ALL SELECT 'order_lines', (SELECT count(*) FROM order_lines)
UNION ALL SELECT 'return_lines', (SELECT count(*) FROM return_lines)
UNION ALL SELECT 'claims', (SELECT count(*) FROM claims);

-- What the report packs show of a SKU: its name and normalised category and
-- sector ('unknown' when not given).
CREATE VIEW sku_labels AS
SELECT sku, COALESCE(any_value(NULLIF(trim(name), '')), '') AS name,
       COALESCE(any_value(NULLIF(trim(category), '')), 'unknown') AS category,
       COALESCE(any_value(NULLIF(trim(sector), '')), 'unknown') AS sector
FROM products GROUP BY sku;

-- Returned units per site (normalised, 'unknown' when not given) and return
-- week (received at the dock, else requested).
CREATE VIEW weekly_returned_site AS
SELECT COALESCE(NULLIF(trim(site), ''), 'unknown')                              AS site,
       CAST(date_trunc('week', COALESCE(received_ts, requested_ts)) AS DATE) AS week_start,
       strftime(COALESCE(received_ts, requested_ts), '%G-W%V')               AS iso_week,
       SUM(qty)::BIGINT                                                      AS units
FROM return_lines
WHERE COALESCE(received_ts, requested_ts) IS NOT NULL
GROUP BY ALL;

-- Customers' free-text return comments with the return week and reason.
CREATE VIEW return_comments AS
SELECT CAST(date_trunc('week', COALESCE(received_ts, requested_ts)) AS DATE) AS week_start,
       COALESCE(reason_code, 'other') AS reason, reason_text
FROM return_lines
WHERE NULLIF(trim(reason_text), '') IS NOT NULL AND COALESCE(received_ts, requested_ts) IS NOT NULL;
