-- The report views of 035 on the shared rules of 030 (one return week, one
-- spelling of a missing site or category).

CREATE OR REPLACE VIEW sku_labels AS
SELECT p.sku, COALESCE(any_value(n.name), '') AS name,
       any_value(p.category) AS category, any_value(p.sector) AS sector
FROM v_products p
LEFT JOIN (SELECT sku, any_value(NULLIF(trim(name), '')) AS name FROM products GROUP BY sku) n USING (sku)
GROUP BY p.sku;

CREATE OR REPLACE VIEW weekly_returned_site AS
SELECT site, week_start, iso_week, SUM(qty)::BIGINT AS units
FROM v_return_lines
WHERE return_ts IS NOT NULL
GROUP BY ALL;

CREATE OR REPLACE VIEW return_comments AS
SELECT week_start, COALESCE(reason_code, 'other') AS reason, reason_text
FROM v_return_lines
WHERE NULLIF(trim(reason_text), '') IS NOT NULL AND return_ts IS NOT NULL;
