-- The operations director's delivery figures: the date promised to the customer
-- and the shipping cost of each order line (kpi: on-time delivery, service rate,
-- logistics cost per unit shipped). Both optional; without promised_ts, on-time
-- is judged against the per-country delivery target in the KPI settings.
ALTER TABLE order_lines ADD COLUMN promised_ts TIMESTAMP;   -- delivery promised to the customer (latest acceptable delivery)
ALTER TABLE order_lines ADD COLUMN shipping_cost DOUBLE;    -- EUR per line, outbound transport paid by the seller, >= 0

-- v_order_lines again, so that its columns include the new ones, with the
-- order and delivery weeks (the delivery KPIs' weeks).
CREATE OR REPLACE VIEW v_order_lines AS
SELECT o.* EXCLUDE (channel),
       COALESCE(NULLIF(trim(o.channel), ''), 'unknown') AS channel,
       CAST(date_trunc('week', o.ship_ts) AS DATE)     AS ship_week,      -- NULL when not shipped
       strftime(o.ship_ts, '%G-W%V')                    AS ship_iso_week,
       CAST(date_trunc('week', o.order_ts) AS DATE)    AS order_week,
       CAST(date_trunc('week', o.delivered_ts) AS DATE) AS delivered_week -- NULL when not delivered
FROM order_lines o;

-- field_coverage again, measuring the two new fields.
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
    FROM return_lines GROUP BY 1),
o AS (
    SELECT CAST(date_trunc('week', order_ts) AS DATE) AS week_start, count(*) AS n,
           count(ship_ts) AS ship_ts, count(delivered_ts) AS delivered_ts,
           count(NULLIF(trim(customer_id), '')) AS customer_id, count(NULLIF(trim(channel), '')) AS channel,
           count(NULLIF(trim(country), '')) AS country, count(unit_price) AS unit_price,
           count(promised_ts) AS promised_ts, count(shipping_cost) AS shipping_cost
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
