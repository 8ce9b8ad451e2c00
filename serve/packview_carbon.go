package serve

import (
	"context"
	"fmt"

	"github.com/retour-analytics/retour/warehouse"
)

// carbonCols are the carbon explorer's columns: emitted (the inventory:
// transport + processing + end of life) and avoided kept apart, for the
// week and the year to date, as in the carbon pack.
var carbonCols = []PackColumn{
	{ID: "emitted", Label: "col.emitted_week", Unit: "kgCO2e", Dec: 2}, {ID: "avoided", Label: "col.avoided_week", Unit: "kgCO2e", Dec: 2},
	{ID: "emitted_ytd", Label: "col.emitted_ytd", Unit: "kgCO2e", Dec: 2}, {ID: "avoided_ytd", Label: "col.avoided_ytd", Unit: "kgCO2e", Dec: 2},
}

const carbonSums = `COALESCE(sum(transport_kgco2e + processing_kgco2e + end_of_life_kgco2e) FILTER (WHERE week_start = ?), 0),
	COALESCE(sum(avoided_kgco2e) FILTER (WHERE week_start = ?), 0),
	sum(transport_kgco2e + processing_kgco2e + end_of_life_kgco2e), sum(avoided_kgco2e)`

// exploreCarbon: CO2 emitted and avoided by disposition (carbon_facts), by
// site and carrier (the co2_inventory and co2_avoided KPIs of
// kpi_snapshots) and by SKU (kpi_carbon_sku), drilling into a SKU's weeks.
// The site and carrier filters apply to the disposition and product tables
// (kpi_carbon_sku carries both); the table by site is not cut by carrier nor
// the table by carrier by site (the KPI tables do not cross them).
func exploreCarbon(ctx context.Context, w *warehouse.DB, v *PackView) error {
	q := v.Filters
	run, err := w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return err
	}
	v.Runs["kpi"] = run
	wk, err := packWeek(ctx, w, q.Week, `SELECT max(week_start) FROM carbon_facts WHERE run_id = ?`, run)
	if err != nil {
		return err
	}
	v.Week = wk.String()
	for key, sq := range map[string]string{
		"weeks":        `SELECT DISTINCT iso_week FROM carbon_facts WHERE run_id = ? ORDER BY 1 DESC LIMIT 156`,
		"sectors":      `SELECT DISTINCT sector FROM carbon_facts WHERE run_id = ? AND sector IS NOT NULL ORDER BY 1`,
		"categories":   `SELECT DISTINCT category FROM carbon_facts WHERE run_id = ? AND category IS NOT NULL ORDER BY 1`,
		"dispositions": `SELECT DISTINCT disposition FROM carbon_facts WHERE run_id = ? AND disposition IS NOT NULL ORDER BY 1`,
		"sites":        `SELECT DISTINCT scope_value FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'co2_inventory' AND scope = 'site' ORDER BY 1`,
		"carriers":     `SELECT DISTINCT scope_value FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'co2_inventory' AND scope = 'carrier' ORDER BY 1`,
	} {
		if err := v.options(ctx, w, key, sq, run); err != nil {
			return err
		}
	}
	if q.Site != "" || q.Carrier != "" {
		v.Notes = append(v.Notes, "co2.note_site_carrier")
	}
	ytd, end := warehouse.Week{Year: wk.Year, Num: 1}.Start(), wk.End()
	period := []any{wk.Start(), wk.Start(), run, ytd, end}
	disp := &PackTable{ID: "by-disposition", Title: "co2.by_disposition", KeyCol: "col.disposition", Drill: "disposition",
		Columns: append([]PackColumn{{ID: "units", Label: "col.units_week", Unit: "units"}}, carbonCols...)}
	skuWhere, skuArgs := q.skuFilter("c.sku")
	skuWhere += ` AND (? = '' OR c.site = ?) AND (? = '' OR c.carrier = ?)`
	skuArgs = append(skuArgs, q.Site, q.Site, q.Carrier, q.Carrier)
	if q.Q == "" && q.SKU == "" && q.Site == "" && q.Carrier == "" {
		disp.Source = "carbon_facts"
		err = v.table(ctx, w, disp, `SELECT COALESCE(disposition, 'unknown') AS k, k,
			COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT, `+carbonSums+`
			FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start < ?
				AND (? = '' OR sector = ?) AND (? = '' OR category = ?) AND (? = '' OR disposition = ?)
			GROUP BY 1 ORDER BY 5 DESC, 1`, append(append([]any{wk.Start()}, period...), q.Sector, q.Sector, q.Category, q.Category, q.Disposition, q.Disposition)...)
	} else {
		disp.Source = "kpi_carbon_sku, sku_labels"
		err = v.table(ctx, w, disp, fmt.Sprintf(`SELECT COALESCE(disposition, 'unknown') AS k, k,
			COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT, `+carbonSums+`
			FROM kpi_carbon_sku c LEFT JOIN sku_labels l USING (sku) WHERE run_id = ? AND week_start >= ? AND week_start < ?
				AND %s AND (? = '' OR disposition = ?) GROUP BY 1 ORDER BY 5 DESC, 1`, skuWhere),
			append(append(append([]any{wk.Start()}, period...), skuArgs...), q.Disposition, q.Disposition)...)
	}
	if err != nil {
		return err
	}
	if q.Sector == "" && q.Category == "" && q.Disposition == "" && q.Q == "" && q.SKU == "" {
		if err := carbonScopes(ctx, w, v, period); err != nil {
			return err
		}
	}
	if q.SKU != "" {
		return carbonSKU(ctx, w, v, wk, run)
	}
	t := &PackTable{ID: "skus", Title: "co2.by_sku", KeyCol: "col.sku", Drill: "sku", Source: "kpi_carbon_sku, sku_labels",
		Columns: append([]PackColumn{{ID: "units", Label: "col.units_week", Unit: "units"}}, carbonCols...)}
	return v.table(ctx, w, t, fmt.Sprintf(`SELECT c.sku, COALESCE(any_value(l.name), ''),
		COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT, `+carbonSums+`
		FROM kpi_carbon_sku c LEFT JOIN sku_labels l USING (sku) WHERE run_id = ? AND week_start >= ? AND week_start < ?
			AND %s AND (? = '' OR disposition = ?) GROUP BY c.sku ORDER BY 5 DESC, 1 LIMIT 100`, skuWhere),
		append(append(append([]any{wk.Start()}, period...), skuArgs...), q.Disposition, q.Disposition)...)
}

// carbonScopes adds the emitted and avoided CO2 by site and by carrier
// (the co2_inventory and co2_avoided KPIs of kpi_snapshots), each table
// restricted by its own filter: the KPI tables do not cross site and
// carrier, nor either with sector, category, disposition or product.
func carbonScopes(ctx context.Context, w *warehouse.DB, v *PackView, period []any) error {
	for _, s := range []struct{ scope, only string }{{"site", v.Filters.Site}, {"carrier", v.Filters.Carrier}} {
		t := &PackTable{ID: "by-" + s.scope, Title: "co2.by_" + s.scope, KeyCol: "col." + s.scope, Drill: s.scope,
			Source: "kpi_snapshots (co2_inventory, co2_avoided)", Columns: carbonCols}
		if err := v.table(ctx, w, t, `SELECT scope_value, scope_value,
			COALESCE(sum(value) FILTER (WHERE kpi_id = 'co2_inventory' AND week_start = ?), 0), COALESCE(sum(value) FILTER (WHERE kpi_id = 'co2_avoided' AND week_start = ?), 0),
			COALESCE(sum(value) FILTER (WHERE kpi_id = 'co2_inventory'), 0), COALESCE(sum(value) FILTER (WHERE kpi_id = 'co2_avoided'), 0)
			FROM kpi_snapshots WHERE run_id = ? AND week_start >= ? AND week_start < ? AND scope = ? AND kpi_id IN ('co2_inventory', 'co2_avoided')
				AND (? = '' OR scope_value = ?)
			GROUP BY 1 ORDER BY 5 DESC, 1`, append(period, s.scope, s.only, s.only)...); err != nil {
			return err
		}
	}
	return nil
}

// carbonSKU adds a SKU's last weeks: units and each emission apart.
func carbonSKU(ctx context.Context, w *warehouse.DB, v *PackView, wk warehouse.Week, run int64) error {
	t := &PackTable{ID: "sku-weeks", Title: "co2.sku_weeks", KeyCol: "col.week", Source: "kpi_carbon_sku",
		Columns: []PackColumn{{ID: "units", Label: "col.units", Unit: "units"},
			{ID: "transport", Label: "col.transport", Unit: "kgCO2e", Dec: 2}, {ID: "processing", Label: "col.processing", Unit: "kgCO2e", Dec: 2},
			{ID: "end_of_life", Label: "col.end_of_life", Unit: "kgCO2e", Dec: 2}, {ID: "emitted", Label: "col.emitted", Unit: "kgCO2e", Dec: 2},
			{ID: "avoided", Label: "col.avoided", Unit: "kgCO2e", Dec: 2}}}
	return v.table(ctx, w, t, `WITH weeks AS (SELECT CAST(unnest(generate_series(CAST(? AS DATE) - INTERVAL 84 DAY, CAST(? AS DATE), INTERVAL 7 DAY)) AS DATE) AS week_start),
		s AS (SELECT week_start, sum(units) AS units, sum(transport_kgco2e) AS t, sum(processing_kgco2e) AS p, sum(end_of_life_kgco2e) AS e, sum(avoided_kgco2e) AS a
			FROM kpi_carbon_sku WHERE run_id = ? AND sku = ? AND (? = '' OR disposition = ?) AND (? = '' OR site = ?) AND (? = '' OR carrier = ?) GROUP BY 1)
		SELECT strftime(week_start, '%G-W%V') AS k, k, COALESCE(units, 0)::BIGINT, COALESCE(t, 0), COALESCE(p, 0), COALESCE(e, 0),
			COALESCE(t + p + e, 0), COALESCE(a, 0)
		FROM weeks LEFT JOIN s USING (week_start) ORDER BY week_start`, wk.Start(), wk.Start(), run, v.Filters.SKU, v.Filters.Disposition, v.Filters.Disposition,
		v.Filters.Site, v.Filters.Site, v.Filters.Carrier, v.Filters.Carrier)
}
