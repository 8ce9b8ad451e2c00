package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/retour-analytics/retour/warehouse"
)

type fcPoint struct {
	mean                   float64
	lo80, hi80, lo95, hi95 sql.NullFloat64
}

// loadAccuracy reads the selected models' backtest scores of a run, keyed by
// level + "|" + key; horizons "all" wins over partial horizons.
func loadAccuracy(ctx context.Context, w *warehouse.DB, run int64) (map[string]*Accuracy, error) {
	acc := map[string]*Accuracy{}
	err := queryEach(ctx, w, "forecast accuracy", `
		SELECT level, key, model, horizons, wape, mase, bias, coverage80, coverage95, COALESCE(n, 0)
		FROM forecast_accuracy WHERE run_id = ? AND selected
		ORDER BY level, key, horizons = 'all' DESC, horizons`, []any{run}, func(r *sql.Rows) error {
		var level, key string
		var a Accuracy
		var wape, mase, bias, c80, c95 sql.NullFloat64
		if err := r.Scan(&level, &key, &a.Model, &a.Horizons, &wape, &mase, &bias, &c80, &c95, &a.N); err != nil {
			return err
		}
		k := level + "|" + key
		if _, seen := acc[k]; seen {
			return nil
		}
		a.WAPE, a.MASE, a.Bias, a.Coverage80, a.Coverage95 = nullF(wape), nullF(mase), nullF(bias), nullF(c80), nullF(c95)
		acc[k] = &a
		return nil
	})
	return acc, err
}

func accuracyFor(acc map[string]*Accuracy, level, key string) *Accuracy {
	if a, ok := acc[level+"|"+key]; ok {
		return a
	}
	return acc[level+"|*"]
}

func loadForecastBlock(ctx context.Context, w *warehouse.DB, runs Runs, o Options, b *ForecastBlock) error {
	l := o.Lang
	acc, err := loadAccuracy(ctx, w, runs.Forecast)
	if err != nil {
		return err
	}
	// Forecast points of the aggregate levels.
	points := map[string]map[string]map[string]fcPoint{} // level -> key -> iso week
	var fcWeeks []string
	seenWeek := map[string]bool{}
	err = queryEach(ctx, w, "forecasts", `
		SELECT level, key, iso_week, mean, lo80, hi80, lo95, hi95 FROM forecasts
		WHERE run_id = ? AND level IN ('total', 'site', 'category')
		ORDER BY week_start`, []any{runs.Forecast}, func(r *sql.Rows) error {
		var level, key, iw string
		var p fcPoint
		if err := r.Scan(&level, &key, &iw, &p.mean, &p.lo80, &p.hi80, &p.lo95, &p.hi95); err != nil {
			return err
		}
		if points[level] == nil {
			points[level] = map[string]map[string]fcPoint{}
		}
		if points[level][key] == nil {
			points[level][key] = map[string]fcPoint{}
		}
		points[level][key][iw] = p
		if !seenWeek[iw] {
			seenWeek[iw] = true
			fcWeeks = append(fcWeeks, iw)
		}
		return nil
	})
	if err != nil {
		return err
	}
	origin, err := ParseWeek(runs.ForecastOrigin)
	if err != nil {
		return fmt.Errorf("forecast run %d origin: %w", runs.Forecast, err)
	}
	hist := weekLabels(origin, o.HistoryWeeks)
	weeks := append(append([]string{}, hist...), fcWeeks...)
	wi := indexOf(weeks)
	// History per total, site and category.
	actual := map[string]map[string][]float64{"total": {}, "site": {}, "category": {}}
	add := func(level, key string, i int, n float64) {
		if actual[level][key] == nil {
			actual[level][key] = make([]float64, len(hist))
		}
		actual[level][key][i] += n
	}
	if err := loadForecastHistory(ctx, w, origin, o, wi, len(hist), add); err != nil {
		return err
	}
	band := func(level, key, title string) BandChart {
		c := BandChart{
			ID:  "fc-" + level + "-" + key,
			Key: key,
			Caption: Caption{Title: title, Definition: l.T("def.forecast"), Unit: "units",
				Source: fmt.Sprintf("forecasts, forecast_accuracy, run %d", runs.Forecast)},
			Weeks: weeks, Accuracy: accuracyFor(acc, level, key),
		}
		n := len(weeks)
		c.Actual, c.Mean, c.Lo80, c.Hi80, c.Lo95, c.Hi95 = make([]*float64, n), make([]*float64, n), make([]*float64, n), make([]*float64, n), make([]*float64, n), make([]*float64, n)
		hk := key
		if level == "total" {
			hk = ""
		}
		if h := actual[level][hk]; h != nil {
			for i, v := range h {
				c.Actual[i] = ptr(v)
			}
		} else {
			for i := range hist {
				c.Actual[i] = ptr(0)
			}
		}
		for iw, p := range points[level][key] {
			i := wi[iw]
			c.Mean[i] = ptr(p.mean)
			c.Lo80[i], c.Hi80[i], c.Lo95[i], c.Hi95[i] = nullF(p.lo80), nullF(p.hi80), nullF(p.lo95), nullF(p.hi95)
		}
		// Join the lines: the forecast starts from the last actual.
		if len(hist) > 0 && c.Actual[len(hist)-1] != nil {
			last := *c.Actual[len(hist)-1]
			c.Mean[len(hist)-1] = ptr(last)
		}
		return c
	}
	for _, key := range sortedKeys(points["total"]) {
		b.Total = append(b.Total, band("total", key, l.T("ops.fc_total")))
	}
	for _, key := range sortedKeys(points["site"]) {
		b.Sites = append(b.Sites, band("site", key, l.Tf("ops.fc_site", key)))
	}
	// Categories: charts for the biggest, a table for all.
	type catSum struct {
		key   string
		total float64
	}
	var cats []catSum
	for key, m := range points["category"] {
		var s float64
		for _, p := range m {
			s += p.mean
		}
		cats = append(cats, catSum{key, s})
	}
	sort.Slice(cats, func(i, j int) bool {
		if cats[i].total != cats[j].total {
			return cats[i].total > cats[j].total
		}
		return cats[i].key < cats[j].key
	})
	b.CategoryTable = Table{
		ID:      "fc-categories",
		Caption: Caption{Title: l.T("ops.fc_cat_table"), Definition: l.T("def.fc_cat_table"), Unit: "units, %", Source: fmt.Sprintf("forecasts, forecast_accuracy, run %d", runs.Forecast)},
		Head:    []string{l.T("col.category"), l.T("col.fc_next"), l.T("col.pi80_next"), l.T("col.fc_13"), l.T("col.model"), l.T("col.wape"), l.T("col.cov80")},
		Numeric: []bool{false, true, true, true, false, true, true},
	}
	for i, c := range cats {
		if i < 6 {
			b.Categories = append(b.Categories, band("category", c.key, l.Tf("ops.fc_category", l.Name(c.key))))
		}
		next := points["category"][c.key][fcWeeks[0]]
		a := accuracyFor(acc, "category", c.key)
		b.CategoryTable.Rows = append(b.CategoryTable.Rows, []string{l.Name(c.key), l.Number(next.mean, 0),
			interval(l, next.lo80, next.hi80), l.Number(c.total, 0), accModel(a), accPct(l, a, func(a *Accuracy) *float64 { return a.WAPE }),
			accPct(l, a, func(a *Accuracy) *float64 { return a.Coverage80 })})
	}
	if err := loadWorkload(ctx, w, runs, o, b); err != nil {
		return err
	}
	return loadTopSKUs(ctx, w, runs, o, acc, b)
}

// loadForecastHistory adds the returned units of the history weeks ending at
// origin, per total, category and site, from the weekly views.
func loadForecastHistory(ctx context.Context, w *warehouse.DB, origin Week, o Options, wi map[string]int, nHist int, add func(level, key string, i int, n float64)) error {
	args := []any{origin.Add(1 - o.HistoryWeeks).Start(), origin.End()}
	err := queryEach(ctx, w, "forecast history", `
		SELECT r.iso_week, COALESCE(p.category, 'unknown'), SUM(r.units)::DOUBLE
		FROM weekly_returned r LEFT JOIN sku_labels p ON p.sku = r.sku
		WHERE r.week_start >= ? AND r.week_start < ?
		GROUP BY ALL`, args, func(r *sql.Rows) error {
		var iw, cat string
		var n float64
		if err := r.Scan(&iw, &cat, &n); err != nil {
			return err
		}
		if i, ok := wi[iw]; ok && i < nHist {
			add("total", "", i, n)
			add("category", cat, i, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return queryEach(ctx, w, "forecast history by site", `
		SELECT iso_week, site, SUM(units)::DOUBLE FROM weekly_returned_site
		WHERE week_start >= ? AND week_start < ? GROUP BY ALL`, args, func(r *sql.Rows) error {
		var iw, site string
		var n float64
		if err := r.Scan(&iw, &site, &n); err != nil {
			return err
		}
		if i, ok := wi[iw]; ok && i < nHist {
			add("site", site, i, n)
		}
		return nil
	})
}

func interval(l Lang, lo, hi sql.NullFloat64) string {
	if !lo.Valid || !hi.Valid {
		return "–"
	}
	return l.Number(lo.Float64, 0) + " – " + l.Number(hi.Float64, 0)
}

func accModel(a *Accuracy) string {
	if a == nil {
		return "–"
	}
	return a.Model
}

func accPct(l Lang, a *Accuracy, f func(*Accuracy) *float64) string {
	if a == nil || f(a) == nil {
		return "–"
	}
	return l.Number(100**f(a), 1) + " %"
}

func loadWorkload(ctx context.Context, w *warehouse.DB, runs Runs, o Options, b *ForecastBlock) error {
	l := o.Lang
	var weeks []string
	seen := map[string]bool{}
	hours := map[string]map[string]float64{}
	type siteSum struct {
		hours, units, hpu float64
		first             string
		lo, hi            sql.NullFloat64
	}
	sums := map[string]*siteSum{}
	err := queryEach(ctx, w, "workload forecasts", `
		SELECT site, iso_week, units, hours_per_unit, hours, hours_lo80, hours_hi80
		FROM workload_forecasts WHERE run_id = ? ORDER BY week_start, site`, []any{runs.Forecast}, func(r *sql.Rows) error {
		var site, iw string
		var units, hpu, h float64
		var lo, hi sql.NullFloat64
		if err := r.Scan(&site, &iw, &units, &hpu, &h, &lo, &hi); err != nil {
			return err
		}
		if !seen[iw] {
			seen[iw] = true
			weeks = append(weeks, iw)
		}
		if hours[site] == nil {
			hours[site] = map[string]float64{}
			sums[site] = &siteSum{first: iw, lo: lo, hi: hi, hpu: hpu}
		}
		hours[site][iw] = h
		sums[site].hours += h
		sums[site].units += units
		return nil
	})
	if err != nil {
		return err
	}
	series := map[string][]float64{}
	for site, m := range hours {
		v := make([]float64, len(weeks))
		for i, iw := range weeks {
			v[i] = m[iw]
		}
		series[site] = round2(v)
	}
	b.Workload = CategoryChart{
		ID:         "workload",
		Caption:    Caption{Title: l.T("ops.workload"), Definition: l.T("def.workload"), Unit: "h", Source: fmt.Sprintf("workload_forecasts, run %d", runs.Forecast)},
		Categories: weeks,
		Stacked:    true,
		Series:     seriesFromMap(series, l, "bar"),
	}
	b.WorkloadTable = Table{
		ID:      "workload-table",
		Caption: Caption{Title: l.T("ops.workload_table"), Definition: l.Tf("def.workload_table", l.Number(o.HoursPerFTE, 0)), Unit: "h, FTE", Source: fmt.Sprintf("workload_forecasts, run %d", runs.Forecast)},
		Head:    []string{l.T("col.site"), l.T("col.hours_next"), l.T("col.pi80_next"), l.T("col.fte_next"), l.T("col.hours_13"), l.T("col.hpu")},
		Numeric: []bool{false, true, true, true, true, true},
	}
	if err := validateCapacity(o.CapacityFTE); err != nil {
		return err
	}
	_, known := capacityTotal(o.CapacityFTE)
	if known {
		b.WorkloadTable.Head = append(b.WorkloadTable.Head, l.T("col.capacity"), l.T("col.cap_gap"))
		b.WorkloadTable.Numeric = append(b.WorkloadTable.Numeric, true, true)
	} else {
		b.CapacityNote = l.T("ops.capacity_unknown")
	}
	for _, site := range sortedKeys(sums) {
		s := sums[site]
		next := hours[site][s.first]
		row := []string{site, l.Number(next, 0), interval(l, s.lo, s.hi),
			l.Number(next/o.HoursPerFTE, 1), l.Number(s.hours, 0), l.Number(s.hpu, 2)}
		if known {
			row = append(row, capacityCells(l, o.CapacityFTE, site, next/o.HoursPerFTE)...)
		}
		b.WorkloadTable.Rows = append(b.WorkloadTable.Rows, row)
	}
	return nil
}

func loadTopSKUs(ctx context.Context, w *warehouse.DB, runs Runs, o Options, acc map[string]*Accuracy, b *ForecastBlock) error {
	l := o.Lang
	b.TopSKUs = CategoryChart{
		ID:         "top-skus",
		Caption:    Caption{Title: l.Tf("ops.top_skus", o.TopN), Definition: l.T("def.top_skus"), Unit: "units", Source: fmt.Sprintf("forecasts, run %d", runs.Forecast)},
		Horizontal: true,
	}
	b.TopSKUTable = Table{
		ID:      "top-sku-table",
		Caption: b.TopSKUs.Caption,
		Head:    []string{l.T("col.sku"), l.T("col.name"), l.T("col.category"), l.T("col.fc_4"), l.T("col.fc_13"), l.T("col.model"), l.T("col.wape")},
		Numeric: []bool{false, false, false, true, true, false, true},
	}
	var next4, all13 []float64
	err := queryEach(ctx, w, "top skus", `
		SELECT f.key, COALESCE(p.name, ''), COALESCE(p.category, ''),
		       SUM(f.mean) FILTER (WHERE f.h <= 4), SUM(f.mean)
		FROM forecasts f LEFT JOIN sku_labels p ON p.sku = f.key
		WHERE f.run_id = ? AND f.level = 'sku'
		GROUP BY ALL ORDER BY 5 DESC, 1 LIMIT ?`, []any{runs.Forecast, o.TopN}, func(r *sql.Rows) error {
		var sku, name, cat string
		var n4 sql.NullFloat64
		var n13 float64
		if err := r.Scan(&sku, &name, &cat, &n4, &n13); err != nil {
			return err
		}
		b.TopSKUs.Categories = append(b.TopSKUs.Categories, skuLabel(sku, name))
		next4 = append(next4, n4.Float64)
		all13 = append(all13, n13)
		a := accuracyFor(acc, "sku", sku)
		b.TopSKUTable.Rows = append(b.TopSKUTable.Rows, []string{sku, name, l.Name(cat), l.Number(n4.Float64, 1), l.Number(n13, 1),
			accModel(a), accPct(l, a, func(a *Accuracy) *float64 { return a.WAPE })})
		return nil
	})
	if err != nil {
		return err
	}
	b.TopSKUs.Series = []Series{{Name: l.T("col.fc_4"), Values: round2(next4)}, {Name: l.T("col.fc_13"), Values: round2(all13)}}
	return nil
}

// skuLabel is "SKU · name", the name cut to 30 characters.
func skuLabel(sku, name string) string {
	if name == "" {
		return sku
	}
	r := []rune(name)
	if len(r) > 30 {
		name = string(r[:29]) + "…"
	}
	return sku + " · " + name
}
