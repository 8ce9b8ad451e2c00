package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/retour-analytics/retour/warehouse"
)

// CarbonData is everything the carbon pack shows (CSR). Avoided emissions and
// the inventory (emissions caused by returns) are kept in separate structs
// and never summed; the net figure is a KPI only.
type CarbonData struct {
	Meta       Meta            `json:"meta"`
	TileNeeds  []string        `json:"tile_needs,omitempty"`
	KPIMissing *Missing        `json:"kpi_missing,omitempty"`
	Tiles      []Tile          `json:"tiles"`
	Missing    *Missing        `json:"missing,omitempty"`
	Period     string          `json:"period"` // first and last ISO week of the year-to-date
	Figures    []Figure        `json:"figures"`
	Inventory  CarbonInventory `json:"inventory"`
	Avoided    CarbonAvoided   `json:"avoided"`
	ESRS       CategoryChart   `json:"esrs"`
	ESRSTable  Table           `json:"esrs_table"`
	Destroyed  CategoryChart   `json:"destruction_trend"`
	Factors    Table           `json:"factors"`
	Discarded  CarbonDiscarded `json:"discarded"`
	Exports    []Link          `json:"exports"`
}

// CarbonInventory is the emissions side: return transport, processing, end of life.
type CarbonInventory struct {
	ByWeek    CategoryChart `json:"by_week"`
	ByMode    CategoryChart `json:"by_mode"`
	EndOfLife Table         `json:"end_of_life"`
}

// CarbonAvoided is the avoided side, against the stated reference scenario.
type CarbonAvoided struct {
	ByDisposition CategoryChart `json:"by_disposition"`
	BySector      CategoryChart `json:"by_sector"`
}

// Figure is one headline number for the week and the year to date.
type Figure struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Definition string   `json:"definition"`
	Unit       string   `json:"unit"`
	Side       string   `json:"side"` // inventory, avoided, kpi
	Week       *float64 `json:"week"`
	YTD        *float64 `json:"ytd"`
}

// Link is a file the page points at.
type Link struct {
	Name string `json:"name"`
	Href string `json:"href"`
	// For says who the linked page is for (index cards).
	For string `json:"for,omitempty"`
}

// LoadCarbon computes the carbon pack for week wk. exports lists the export
// files to link (relative to the page).
func LoadCarbon(ctx context.Context, w *warehouse.DB, wk Week, o Options, exports []Link) (*CarbonData, error) {
	o = o.withDefaults()
	l := o.Lang
	ps, err := startPack(ctx, w, wk, o, "carbon")
	if err != nil {
		return nil, err
	}
	runs := ps.runs
	d := &CarbonData{Meta: ps.meta, Exports: exports}
	if runs.KPI == 0 {
		d.KPIMissing = noKPI(l)
	}
	if d.Tiles, _, err = loadTiles(ctx, w, runs.KPI, wk, l, []string{"csr"}, o.TrendWeeks); err != nil {
		return nil, err
	}
	if d.TileNeeds, err = unsupportedTiles(ctx, w, runs.KPI, l, []string{"csr"}); err != nil {
		return nil, err
	}
	if err := loadFactors(ctx, w, l, d); err != nil {
		return nil, err
	}
	if err := loadDiscarded(ctx, w, runs.KPI, wk, l, ps.needs["discarded"], d); err != nil {
		return nil, err
	}
	if m := ps.needs["carbon"]; m != nil {
		d.Missing = m
		return d, nil
	}
	if runs.Carbon == 0 {
		d.Missing = noKPI(l)
		return d, nil
	}
	ytdFrom := Week{Year: wk.Year, Num: 1}
	d.Period = ytdFrom.String() + " – " + wk.String()
	run := runs.Carbon
	src := fmt.Sprintf("carbon_facts, run %d", run)
	if err := loadFigures(ctx, w, run, wk, ytdFrom, l, d); err != nil {
		return nil, err
	}
	ytdArgs := []any{run, ytdFrom.Start(), wk.End()}
	var err2 error
	d.Avoided.ByDisposition, err2 = sumBy(ctx, w, "disposition", "avoided_kgco2e", ytdArgs, l)
	if err2 != nil {
		return nil, err2
	}
	d.Avoided.ByDisposition.ID, d.Avoided.ByDisposition.Caption = "avoided-disposition", Caption{Title: l.T("co2.avoided_disp"), Definition: l.T("def.avoided"), Unit: "kgCO2e", Source: src}
	if d.Avoided.BySector, err2 = sumBy(ctx, w, "sector", "avoided_kgco2e", ytdArgs, l); err2 != nil {
		return nil, err2
	}
	d.Avoided.BySector.ID, d.Avoided.BySector.Caption = "avoided-sector", Caption{Title: l.T("co2.avoided_sector"), Definition: l.T("def.avoided"), Unit: "kgCO2e", Source: src}
	if d.Inventory.ByMode, err2 = sumBy(ctx, w, "transport_mode", "transport_kgco2e", ytdArgs, l); err2 != nil {
		return nil, err2
	}
	d.Inventory.ByMode.ID, d.Inventory.ByMode.Caption = "transport-mode", Caption{Title: l.T("co2.transport_mode"), Definition: l.T("def.transport"), Unit: "kgCO2e", Source: src}
	if d.ESRS, err2 = sumBy(ctx, w, "esrs_route", "mass_kg", ytdArgs, l); err2 != nil {
		return nil, err2
	}
	d.ESRS.ID, d.ESRS.Caption = "esrs", Caption{Title: l.T("co2.esrs"), Definition: l.T("def.esrs"), Unit: "kg", Source: src}
	if err := loadInventoryWeeks(ctx, w, run, wk, o, d); err != nil {
		return nil, err
	}
	if err := loadEndOfLife(ctx, w, run, ytdArgs, l, src, d); err != nil {
		return nil, err
	}
	return d, loadESRSTable(ctx, w, ytdArgs, l, src, d)
}

func loadFigures(ctx context.Context, w *warehouse.DB, run int64, wk, ytdFrom Week, l Lang, d *CarbonData) error {
	q := `SELECT COALESCE(SUM(units), 0)::DOUBLE, COALESCE(SUM(mass_kg), 0), COALESCE(SUM(transport_kgco2e), 0), COALESCE(SUM(processing_kgco2e), 0),
		COALESCE(SUM(end_of_life_kgco2e), 0), COALESCE(SUM(avoided_kgco2e), 0), COALESCE(SUM(new_footprint_kgco2e), 0), COALESCE(SUM(destroyed_units), 0)::DOUBLE
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start < ?`
	var wv, yv [8]float64
	if err := w.QueryRow(ctx, q, run, wk.Start(), wk.End()).Scan(&wv[0], &wv[1], &wv[2], &wv[3], &wv[4], &wv[5], &wv[6], &wv[7]); err != nil {
		return fmt.Errorf("query carbon week: %w", err)
	}
	if err := w.QueryRow(ctx, q, run, ytdFrom.Start(), wk.End()).Scan(&yv[0], &yv[1], &yv[2], &yv[3], &yv[4], &yv[5], &yv[6], &yv[7]); err != nil {
		return fmt.Errorf("query carbon year to date: %w", err)
	}
	rate := func(v [8]float64) *float64 {
		if v[0] == 0 {
			return nil
		}
		return ptr(math.Round(1e4*v[7]/v[0]) / 100)
	}
	fig := func(id, side, unit string, f func(v [8]float64) *float64) Figure {
		return Figure{ID: id, Name: l.T("fig." + id), Definition: l.T("figdef." + id), Unit: unit, Side: side, Week: f(wv), YTD: f(yv)}
	}
	col := func(i int) func(v [8]float64) *float64 {
		return func(v [8]float64) *float64 { return ptr(math.Round(100*v[i]) / 100) }
	}
	d.Figures = []Figure{
		fig("inventory", "inventory", "kgCO2e", func(v [8]float64) *float64 { return ptr(math.Round(100*(v[2]+v[3]+v[4])) / 100) }),
		fig("transport", "inventory", "kgCO2e", col(2)),
		fig("processing", "inventory", "kgCO2e", col(3)),
		fig("end_of_life", "inventory", "kgCO2e", col(4)),
		fig("avoided", "avoided", "kgCO2e", col(5)),
		fig("reference", "avoided", "kgCO2e", col(6)),
		fig("net", "kpi", "kgCO2e", func(v [8]float64) *float64 { return ptr(math.Round(100*(v[5]-v[2])) / 100) }),
		fig("destruction_rate", "kpi", "%", rate),
		fig("units", "kpi", "units", col(0)),
		fig("mass", "kpi", "kg", col(1)),
	}
	return nil
}

// sumBy sums a carbon_facts column by a dimension over [from, end).
func sumBy(ctx context.Context, w *warehouse.DB, dim, col string, args []any, l Lang) (CategoryChart, error) {
	var c CategoryChart
	var vals []float64
	err := queryEach(ctx, w, "carbon by "+dim, fmt.Sprintf(`
		SELECT COALESCE(%[1]s, 'unknown'), SUM(%[2]s) FROM carbon_facts
		WHERE run_id = ? AND week_start >= ? AND week_start < ?
		GROUP BY 1 HAVING SUM(%[2]s) <> 0 ORDER BY 2 DESC, 1`, dim, col), args, func(r *sql.Rows) error {
		var k string
		var v float64
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		c.Categories = append(c.Categories, l.Name(k))
		vals = append(vals, v)
		return nil
	})
	c.Series = []Series{{Name: l.unit(unitOfCol(col)), Values: round2(vals)}}
	return c, err
}

func unitOfCol(col string) string {
	if col == "mass_kg" {
		return "kg"
	}
	return "kgCO2e"
}

func loadInventoryWeeks(ctx context.Context, w *warehouse.DB, run int64, wk Week, o Options, d *CarbonData) error {
	l := o.Lang
	weeks := weekLabels(wk, o.TrendWeeks)
	wi := indexOf(weeks)
	n := len(weeks)
	tr, pr, eol, rate := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	err := queryEach(ctx, w, "carbon by week", `
		SELECT iso_week, SUM(transport_kgco2e), SUM(processing_kgco2e), SUM(end_of_life_kgco2e),
		       CASE WHEN SUM(units) > 0 THEN 100.0 * SUM(destroyed_units) / SUM(units) ELSE 0 END
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start < ? GROUP BY 1`,
		[]any{run, wk.Add(1 - o.TrendWeeks).Start(), wk.End()}, func(r *sql.Rows) error {
			var iw string
			var a, b, c, dr float64
			if err := r.Scan(&iw, &a, &b, &c, &dr); err != nil {
				return err
			}
			if i, ok := wi[iw]; ok {
				tr[i], pr[i], eol[i], rate[i] = a, b, c, dr
			}
			return nil
		})
	if err != nil {
		return err
	}
	src := fmt.Sprintf("carbon_facts, run %d", run)
	d.Inventory.ByWeek = CategoryChart{
		ID:         "inventory-week",
		Caption:    Caption{Title: l.T("co2.inventory_week"), Definition: l.T("def.inventory"), Unit: "kgCO2e", Source: src},
		Categories: weeks, Stacked: true,
		Series: []Series{{Name: l.T("fig.transport"), Values: round2(tr)}, {Name: l.T("fig.processing"), Values: round2(pr)}, {Name: l.T("fig.end_of_life"), Values: round2(eol)}},
	}
	d.Destroyed = CategoryChart{
		ID:         "destruction",
		Caption:    Caption{Title: l.T("co2.destruction"), Definition: l.T("figdef.destruction_rate"), Unit: "%", Source: src},
		Categories: weeks,
		Series:     []Series{{Name: l.T("fig.destruction_rate"), Values: round2(rate), Kind: "line"}},
	}
	return nil
}

func loadEndOfLife(ctx context.Context, w *warehouse.DB, run int64, args []any, l Lang, src string, d *CarbonData) error {
	d.Inventory.EndOfLife = Table{
		ID:      "end-of-life",
		Caption: Caption{Title: l.T("co2.eol"), Definition: l.T("def.eol"), Unit: "units, kg, kgCO2e", Source: src},
		Head:    []string{l.T("col.sector"), l.T("col.category"), l.T("col.esrs_route"), l.T("col.destroyed"), l.T("col.mass_kg"), l.T("col.eol_kg")},
		Numeric: []bool{false, false, false, true, true, true},
	}
	return queryEach(ctx, w, "end of life", `
		SELECT COALESCE(sector, ''), COALESCE(category, ''), COALESCE(esrs_route, ''), SUM(destroyed_units), SUM(mass_kg), SUM(end_of_life_kgco2e)
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start < ? AND disposition = 'destroy'
		GROUP BY ALL ORDER BY 6 DESC, 1, 2, 3`, args, func(r *sql.Rows) error {
		var sector, cat, route string
		var units int64
		var mass, eol float64
		if err := r.Scan(&sector, &cat, &route, &units, &mass, &eol); err != nil {
			return err
		}
		d.Inventory.EndOfLife.Rows = append(d.Inventory.EndOfLife.Rows, []string{l.Name(sector), l.Name(cat), l.Name(route),
			l.Number(float64(units), 0), l.Number(mass, 1), l.Number(eol, 1)})
		return nil
	})
}

func loadESRSTable(ctx context.Context, w *warehouse.DB, args []any, l Lang, src string, d *CarbonData) error {
	d.ESRSTable = Table{
		ID:      "esrs-table",
		Caption: Caption{Title: l.T("co2.esrs_table"), Definition: l.T("def.esrs"), Unit: "kg, t, %", Source: src},
		Head:    []string{l.T("col.esrs_route"), l.T("col.units"), l.T("col.mass_kg"), l.T("col.mass_t"), l.T("col.share_mass")},
		Numeric: []bool{false, true, true, true, true},
	}
	return queryEach(ctx, w, "esrs routes", `
		SELECT COALESCE(esrs_route, 'unknown'), SUM(units), SUM(mass_kg), 100 * SUM(mass_kg) / NULLIF(SUM(SUM(mass_kg)) OVER (), 0)
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start < ?
		GROUP BY 1 ORDER BY 1`, args, func(r *sql.Rows) error {
		var route string
		var units int64
		var mass float64
		var share sql.NullFloat64
		if err := r.Scan(&route, &units, &mass, &share); err != nil {
			return err
		}
		d.ESRSTable.Rows = append(d.ESRSTable.Rows, []string{l.Name(route), l.Number(float64(units), 0), l.Number(mass, 1), l.Number(mass/1000, 3), nullNum(l, share, 1) + " %"})
		return nil
	})
}

func loadFactors(ctx context.Context, w *warehouse.DB, l Lang, d *CarbonData) error {
	d.Factors = Table{
		ID:      "factors",
		Caption: Caption{Title: l.T("co2.factors"), Definition: l.T("def.factors"), Unit: "", Source: "carbon_factors"},
		Head:    []string{l.T("col.factor"), l.T("col.item"), l.T("col.value"), l.T("col.unit"), l.T("col.source"), l.T("col.year")},
		Numeric: []bool{false, false, true, false, false, true},
	}
	return queryEach(ctx, w, "carbon factors", `SELECT factor_id, item, value, unit, source, year FROM carbon_factors ORDER BY factor_id`, nil, func(r *sql.Rows) error {
		var id, item, unit, source string
		var v float64
		var year sql.NullInt64
		if err := r.Scan(&id, &item, &v, &unit, &source, &year); err != nil {
			return err
		}
		ys := "–"
		if year.Valid {
			ys = fmt.Sprint(year.Int64)
		}
		d.Factors.Rows = append(d.Factors.Rows, []string{id, item, l.Number(v, decimalsFor(v)), l.unit(unit), source, ys})
		return nil
	})
}

// decimalsFor shows small factors with enough digits (0.0047 stays 0.0047).
func decimalsFor(v float64) int {
	a := math.Abs(v)
	switch {
	case a == 0 || a >= 100:
		return 1
	case a >= 1:
		return 2
	case a >= 0.01:
		return 4
	}
	return 6
}
