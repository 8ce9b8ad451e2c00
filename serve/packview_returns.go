package serve

import (
	"context"
	"fmt"

	"github.com/retour-analytics/retour/warehouse"
)

// retWeeks is the returns explorer's look-back, as the other explorers'.
const retWeeks = 13

// The returns explorer's KPI columns: their ids are the KPI ids of
// kpi_snapshots, read as the reverse-logistics pack reads them (the site
// cost table and the carrier scorecard), never recomputed.
var (
	retSiteCols = []PackColumn{{ID: "returned_units", Label: "col.received", Unit: "units"},
		{ID: "km_per_unit", Label: "col.km_per_unit", Unit: "km", Dec: 1}, {ID: "cost_per_unit", Label: "col.cost_per_unit", Unit: "EUR", Dec: 2},
		{ID: "cost_transport_per_unit", Label: "col.cost_transport", Unit: "EUR", Dec: 2},
		{ID: "cost_processing_per_unit", Label: "col.cost_processing", Unit: "EUR", Dec: 2},
		{ID: "processing_time_median", Label: "col.processing_median", Unit: "h", Dec: 1},
		{ID: "backlog_units", Label: "col.backlog", Unit: "units"}}
	retCarrierCols = []PackColumn{{ID: "returned_units", Label: "col.received", Unit: "units"},
		{ID: "cost_transport_per_unit", Label: "col.cost_transport", Unit: "EUR", Dec: 2},
		{ID: "co2_transport_per_unit", Label: "col.co2_transport", Unit: "kgCO2e", Dec: 2},
		{ID: "return_lead_time_days", Label: "col.lead_days", Unit: "d", Dec: 1},
		{ID: "damaged_in_transit_rate", Label: "col.damaged", Unit: "%", Dec: 1},
		{ID: "claims_per_1000_units", Label: "col.claims_1000", Unit: "n", Dec: 2}}
	// retUnitCols are units received at the dock: the week, the week
	// before and the 13 weeks to the week (v_return_lines.received_week,
	// the week of the returned_units KPI).
	retUnitCols = []PackColumn{{ID: "units", Label: "col.received_week", Unit: "units"},
		{ID: "units_prev", Label: "col.received_prev", Unit: "units"}, {ID: "units_13w", Label: "col.received_13w", Unit: "units"}}
)

// exploreReturns: where returns go, how fast, at what cost and by which
// carrier. Total: the week's KPIs by site, carrier and category
// (kpi_snapshots) and the units processed by disposition (carbon_facts);
// a site, carrier, category or search: those rows and the products'
// units received (v_return_lines); a SKU: its weeks, sites, carriers and
// dispositions.
func exploreReturns(ctx context.Context, w *warehouse.DB, v *PackView) error {
	q := v.Filters
	run, err := w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return err
	}
	v.Runs["kpi"] = run
	wk, err := packWeek(ctx, w, q.Week, `SELECT max(week_start) FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'returned_units' AND scope = 'total'`, run)
	if err != nil {
		return err
	}
	v.Week = wk.String()
	for key, sq := range map[string]string{
		"weeks":      `SELECT DISTINCT iso_week FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'returned_units' AND scope = 'total' ORDER BY 1 DESC LIMIT 156`,
		"sites":      `SELECT DISTINCT scope_value FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'returned_units' AND scope = 'site' ORDER BY 1`,
		"carriers":   `SELECT DISTINCT scope_value FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'returned_units' AND scope = 'carrier' ORDER BY 1`,
		"categories": `SELECT DISTINCT scope_value FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'returned_units' AND scope = 'category' ORDER BY 1`,
	} {
		if err := v.options(ctx, w, key, sq, run); err != nil {
			return err
		}
	}
	if q.SKU != "" {
		return returnsSKU(ctx, w, v, wk, run)
	}
	if err := returnsScopes(ctx, w, v, wk, run); err != nil {
		return err
	}
	if v.Level == "total" {
		t := &PackTable{ID: "by-disposition", Title: "ret.by_disposition", KeyCol: "col.disposition", Source: "carbon_facts",
			Columns: []PackColumn{{ID: "units", Label: "col.processed_week", Unit: "units"}, {ID: "units_13w", Label: "col.processed_13w", Unit: "units"}}}
		return v.table(ctx, w, t, `SELECT COALESCE(disposition, 'unknown') AS k, k,
			COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT, COALESCE(sum(units), 0)::BIGINT
			FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start <= ? GROUP BY 1 ORDER BY 4 DESC, 1`,
			wk.Start(), run, wk.Add(1-retWeeks).Start(), wk.Start())
	}
	v.Notes = append(v.Notes, "ret.note_scopes", "ret.note_units")
	where, args := q.returnsFilter()
	t := &PackTable{ID: "skus", Title: "ret.by_sku", KeyCol: "col.sku", Drill: "sku", Source: "v_return_lines, sku_labels", Columns: retUnitCols}
	return v.table(ctx, w, t, `SELECT r.sku, COALESCE(any_value(l.name), ''),
		COALESCE(sum(r.qty) FILTER (WHERE r.received_week = ?), 0)::BIGINT,
		COALESCE(sum(r.qty) FILTER (WHERE r.received_week = ?), 0)::BIGINT, COALESCE(sum(r.qty), 0)::BIGINT
		FROM v_return_lines r LEFT JOIN sku_labels l USING (sku)
		WHERE r.received_week >= ? AND r.received_week <= ? AND `+where+`
		GROUP BY r.sku ORDER BY 5 DESC, 1 LIMIT 200`,
		append([]any{wk.Start(), wk.Add(-1).Start(), wk.Add(1 - retWeeks).Start(), wk.Start()}, args...)...)
}

// returnsScopes adds the week's KPIs by site, carrier and category: every
// row at the total level; with filters, the rows they name.
func returnsScopes(ctx context.Context, w *warehouse.DB, v *PackView, wk warehouse.Week, run int64) error {
	q := v.Filters
	filtered := q.Site != "" || q.Carrier != "" || q.Category != ""
	if v.Level == "total" {
		t := &PackTable{ID: "total", Title: "ret.total", KeyCol: "col.scope", Source: "kpi_snapshots", Columns: retSiteCols}
		if err := v.kpiTable(ctx, w, t, run, wk, "total", ""); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		scope, only string
		cols        []PackColumn
	}{{"site", q.Site, retSiteCols}, {"carrier", q.Carrier, retCarrierCols}, {"category", q.Category, retSiteCols}} {
		if filtered && s.only == "" || !filtered && v.Level != "total" {
			continue
		}
		t := &PackTable{ID: "by-" + s.scope, Title: "ret.by_" + s.scope, KeyCol: "col." + s.scope, Drill: s.scope, Source: "kpi_snapshots", Columns: s.cols}
		if err := v.kpiTable(ctx, w, t, run, wk, s.scope, s.only); err != nil {
			return err
		}
	}
	return nil
}

// returnsFilter is the WHERE clause of site, carrier, category, SKU search
// and SKU over v_return_lines (alias r) and sku_labels (alias l).
func (q PackQuery) returnsFilter() (string, []any) {
	return `(? = '' OR r.site = ?) AND (? = '' OR r.carrier = ?) AND (? = '' OR r.category = ?)
		AND (? = '' OR r.sku ILIKE '%' || ? || '%' OR l.name ILIKE '%' || ? || '%') AND (? = '' OR r.sku = ?)`,
		[]any{q.Site, q.Site, q.Carrier, q.Carrier, q.Category, q.Category, q.Q, q.Q, q.Q, q.SKU, q.SKU}
}

// returnsSKU adds a SKU's last 13 weeks of units received, its units by
// site and by carrier (under the other filter) and its units processed by
// disposition under both (kpi_carbon_sku, the rows of carbon_facts).
func returnsSKU(ctx context.Context, w *warehouse.DB, v *PackView, wk warehouse.Week, run int64) error {
	q := v.Filters
	from, to := wk.Add(1-retWeeks).Start(), wk.Start()
	weeks := &PackTable{ID: "sku-weeks", Title: "ret.sku_weeks", KeyCol: "col.week", Source: "v_return_lines",
		Columns: []PackColumn{{ID: "units", Label: "col.received", Unit: "units"}}}
	err := v.table(ctx, w, weeks, `WITH weeks AS (SELECT CAST(unnest(generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 7 DAY)) AS DATE) AS week_start),
		s AS (SELECT received_week AS week_start, sum(qty) AS units FROM v_return_lines
			WHERE sku = ? AND received_week >= ? AND received_week <= ? AND (? = '' OR site = ?) AND (? = '' OR carrier = ?) GROUP BY 1)
		SELECT strftime(week_start, '%G-W%V') AS k, k, COALESCE(units, 0)::BIGINT FROM weeks LEFT JOIN s USING (week_start) ORDER BY week_start`,
		from, to, q.SKU, from, to, q.Site, q.Site, q.Carrier, q.Carrier)
	if err != nil {
		return err
	}
	for _, s := range []struct{ col, other, val string }{{"site", "carrier", q.Carrier}, {"carrier", "site", q.Site}} {
		t := &PackTable{ID: "sku-" + s.col + "s", Title: "ret.sku_" + s.col + "s", KeyCol: "col." + s.col, Drill: s.col, Source: "v_return_lines",
			Columns: []PackColumn{retUnitCols[0], retUnitCols[2]}}
		if err := v.table(ctx, w, t, fmt.Sprintf(`SELECT %[1]s, %[1]s, COALESCE(sum(qty) FILTER (WHERE received_week = ?), 0)::BIGINT, COALESCE(sum(qty), 0)::BIGINT
			FROM v_return_lines WHERE sku = ? AND received_week >= ? AND received_week <= ? AND (? = '' OR %[2]s = ?)
			GROUP BY 1 ORDER BY 4 DESC, 1`, s.col, s.other), to, q.SKU, from, to, s.val, s.val); err != nil {
			return err
		}
	}
	t := &PackTable{ID: "sku-dispositions", Title: "ret.sku_dispositions", KeyCol: "col.disposition", Source: "kpi_carbon_sku",
		Columns: []PackColumn{{ID: "units", Label: "col.processed_week", Unit: "units"}, {ID: "units_13w", Label: "col.processed_13w", Unit: "units"}}}
	return v.table(ctx, w, t, `SELECT COALESCE(disposition, 'unknown') AS k, k,
		COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT, COALESCE(sum(units), 0)::BIGINT
		FROM kpi_carbon_sku WHERE run_id = ? AND sku = ? AND week_start >= ? AND week_start <= ?
			AND (? = '' OR site = ?) AND (? = '' OR carrier = ?) GROUP BY 1 ORDER BY 4 DESC, 1`,
		to, run, q.SKU, from, to, q.Site, q.Site, q.Carrier, q.Carrier)
}
