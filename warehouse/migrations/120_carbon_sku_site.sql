-- The explorers' CO2 per SKU gains the site and carrier of the units
-- (v_return_lines: 'unknown' when not given), so the carbon and returns
-- explorers can filter it by site and carrier. kpi rewrites the table with
-- each run; rows written before this migration have no site or carrier
-- until the next `retour kpi`.
ALTER TABLE kpi_carbon_sku ADD COLUMN site VARCHAR;
ALTER TABLE kpi_carbon_sku ADD COLUMN carrier VARCHAR;
