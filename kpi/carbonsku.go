package kpi

import "fmt"

// carbonSKUSQL writes k_carbon_sku: the CO2 of the units processed per week,
// SKU, disposition, site and carrier, from the same fact rows as
// carbon_facts (so a week's SKUs add up to its carbon facts, and a site's
// or carrier's to its co2_inventory and co2_avoided). Avoided and inventory
// stay apart.
func carbonSKUSQL(processed family) string {
	return `CREATE OR REPLACE TEMP TABLE k_carbon_sku AS
		SELECT week_start, sku, NULLIF(disposition, '') AS disposition, site, carrier, SUM(qty) AS units,
		       SUM(co2_transport) AS transport, SUM(co2_processing) AS processing,
		       SUM(co2_end_of_life) AS end_of_life, SUM(co2_avoided) AS avoided
		FROM (` + processed.fact + `) WHERE week_start BETWEEN $first AND $last AND sku IS NOT NULL
		GROUP BY week_start, sku, NULLIF(disposition, ''), site, carrier`
}

// carbonSKUSteps replace kpi_carbon_sku (the explorer's CO2 per SKU) with
// this run's rows.
func carbonSKUSteps(runID int64) []struct{ what, q string } {
	return []struct{ what, q string }{
		{"clear carbon by sku", `DELETE FROM kpi_carbon_sku`},
		{"write carbon by sku", fmt.Sprintf(`INSERT INTO kpi_carbon_sku (run_id, week_start, iso_week, sku, disposition, site, carrier, units,
			transport_kgco2e, processing_kgco2e, end_of_life_kgco2e, avoided_kgco2e)
			SELECT %d, week_start, strftime(week_start, '%%G-W%%V'), sku, disposition, site, carrier, units, transport, processing, end_of_life, avoided
			FROM k_carbon_sku`, runID)},
	}
}
