package kpi

import (
	"context"
	"testing"
)

// TestCarbonSKUAddsUp checks that kpi_carbon_sku, split by SKU, adds up to
// carbon_facts for every week and disposition, and names the destroyed jeans
// of the hand dataset.
func TestCarbonSKUAddsUp(t *testing.T) {
	w := openHand(t)
	if _, err := Compute(context.Background(), w, handOptions()); err != nil {
		t.Fatal(err)
	}
	var n, skus int64
	err := w.QueryRow(context.Background(), `WITH f AS (SELECT week_start, disposition, SUM(units) AS u, SUM(transport_kgco2e) AS t,
			SUM(processing_kgco2e) AS p, SUM(end_of_life_kgco2e) AS e, SUM(avoided_kgco2e) AS a FROM carbon_facts GROUP BY ALL),
		s AS (SELECT week_start, disposition, SUM(units) AS u, SUM(transport_kgco2e) AS t,
			SUM(processing_kgco2e) AS p, SUM(end_of_life_kgco2e) AS e, SUM(avoided_kgco2e) AS a FROM kpi_carbon_sku GROUP BY ALL)
		SELECT count(*), (SELECT count(DISTINCT sku) FROM kpi_carbon_sku) FROM f FULL JOIN s USING (week_start, disposition)
		WHERE f.u IS DISTINCT FROM s.u OR abs(COALESCE(f.t, -1) - COALESCE(s.t, -2)) > 1e-9 OR abs(COALESCE(f.p, -1) - COALESCE(s.p, -2)) > 1e-9
			OR abs(COALESCE(f.e, -1) - COALESCE(s.e, -2)) > 1e-9 OR abs(COALESCE(f.a, -1) - COALESCE(s.a, -2)) > 1e-9`).Scan(&n, &skus)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || skus == 0 {
		t.Errorf("%d week x disposition cells differ between kpi_carbon_sku and carbon_facts (%d SKUs)", n, skus)
	}
	// By site and by carrier, the SKUs add up to the CO2 KPIs of kpi_snapshots.
	err = w.QueryRow(context.Background(), `WITH s AS (
			SELECT week_start, 'site' AS scope, site AS sv, SUM(transport_kgco2e + processing_kgco2e + end_of_life_kgco2e) AS inv, SUM(avoided_kgco2e) AS av
			FROM kpi_carbon_sku GROUP BY ALL
			UNION ALL SELECT week_start, 'carrier', carrier, SUM(transport_kgco2e + processing_kgco2e + end_of_life_kgco2e), SUM(avoided_kgco2e)
			FROM kpi_carbon_sku GROUP BY ALL),
		k AS (SELECT week_start, scope, scope_value AS sv, max(value) FILTER (WHERE kpi_id = 'co2_inventory') AS inv,
			max(value) FILTER (WHERE kpi_id = 'co2_avoided') AS av
			FROM kpi_snapshots WHERE scope IN ('site', 'carrier') AND kpi_id IN ('co2_inventory', 'co2_avoided') GROUP BY ALL)
		SELECT count(*) FILTER (WHERE abs(COALESCE(s.inv, 0) - COALESCE(k.inv, 0)) > 1e-9 OR abs(COALESCE(s.av, 0) - COALESCE(k.av, 0)) > 1e-9),
			count(*) FILTER (WHERE s.inv > 0 AND k.inv > 0)
		FROM s FULL JOIN k USING (week_start, scope, sv)`).Scan(&n, &skus)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || skus == 0 {
		t.Errorf("%d week x site or carrier cells differ between kpi_carbon_sku and kpi_snapshots (%d agree)", n, skus)
	}
	var eol float64
	var units int64
	if err := w.QueryRow(context.Background(), `SELECT units, end_of_life_kgco2e FROM kpi_carbon_sku WHERE iso_week = '2026-W11' AND disposition = 'destroy'`).Scan(&units, &eol); err != nil {
		t.Fatal(err)
	}
	if units != 1 || !near(eol, 0.65*0.497) {
		t.Errorf("destroyed jeans by SKU = %d units, %g kgCO2e end of life", units, eol)
	}
}
