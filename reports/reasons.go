package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// ReasonsData is everything the reasons pack shows (marketing, product).
type ReasonsData struct {
	Meta           Meta                `json:"meta"`
	Needs          map[string]*Missing `json:"needs,omitempty"`
	TileNeeds      []string            `json:"tile_needs,omitempty"`
	KPIMissing     *Missing            `json:"kpi_missing,omitempty"`
	Tiles          []Tile              `json:"tiles"`
	Trends         []CategoryChart     `json:"trends"`
	Mix            CategoryChart       `json:"mix"`
	Heatmap        HeatmapChart        `json:"heatmap"`
	Pareto         CategoryChart       `json:"pareto"`
	ParetoTable    Table               `json:"pareto_table"`
	ForecastMiss   *Missing            `json:"forecast_missing,omitempty"`
	Alerts         Table               `json:"alerts"`      // active now
	PastAlerts     Table               `json:"past_alerts"` // no longer active
	AlertsNote     string              `json:"alerts_note,omitempty"`
	AlertDetails   []AlertDetail       `json:"alert_details,omitempty"` // per key: reason trend, comments
	ReasonFcst     CategoryChart       `json:"reason_forecast"`
	ReasonFcstTbl  Table               `json:"reason_forecast_table"`
	Themes         CategoryChart       `json:"themes"`
	ThemesTable    Table               `json:"themes_table"`
	ThemesComments int64               `json:"themes_comments"`
}

// LoadReasons computes the reasons pack for week wk.
func LoadReasons(ctx context.Context, w *warehouse.DB, wk Week, o Options) (*ReasonsData, error) {
	o = o.withDefaults()
	l := o.Lang
	ps, err := startPack(ctx, w, wk, o, "reasons")
	if err != nil {
		return nil, err
	}
	runs := ps.runs
	d := &ReasonsData{Meta: ps.meta, Needs: ps.needs}
	if runs.KPI == 0 {
		d.KPIMissing = noKPI(l)
	}
	audiences := []string{"marketing", "return_rate", "return_rate_cohort", "nonconformity_rate"}
	if d.Tiles, d.Trends, err = loadTiles(ctx, w, runs.KPI, wk, l, audiences, o.TrendWeeks); err != nil {
		return nil, err
	}
	if d.TileNeeds, err = unsupportedTiles(ctx, w, runs.KPI, l, audiences); err != nil {
		return nil, err
	}
	// The returned units of the longest window any section reads, once.
	cube, err := loadReturnedCube(ctx, w, wk, max(o.TrendWeeks, 2*o.RecentWeeks, alertCurrentWeeks))
	if err != nil {
		return nil, err
	}
	steps := []struct {
		id   string
		load func() error
	}{
		{"mix", func() error { loadMix(o, cube, d); return nil }},
		{"heatmap", func() error { loadHeatmap(o, cube, d); return nil }},
		{"pareto", func() error { return loadPareto(ctx, w, wk, o, cube, d) }},
		{"themes", func() error { return loadThemes(ctx, w, wk, o, d) }},
	}
	for _, step := range steps {
		if d.Needs[step.id] != nil {
			continue
		}
		if err := step.load(); err != nil {
			return nil, err
		}
	}
	if d.Needs["alerts"] != nil && d.Needs["reason-forecast"] != nil {
		return d, nil
	}
	if runs.Forecast == 0 {
		if d.ForecastMiss, err = forecastMissing(ctx, w, wk, l); err != nil {
			return nil, err
		}
		return d, nil
	}
	if err := loadAlerts(ctx, w, wk, runs, o, cube, d); err != nil {
		return nil, err
	}
	if err := loadReasonForecast(ctx, w, runs, o, cube, d); err != nil {
		return nil, err
	}
	return d, nil
}

// loadMix is each reason's share of the week's returned units over the
// last TrendWeeks weeks.
func loadMix(o Options, cube *returnedCube, d *ReasonsData) {
	l := o.Lang
	units, weeks := cube.reasonWeeks(o.TrendWeeks, nil)
	d.Mix = CategoryChart{
		ID:         "reason-mix",
		Caption:    Caption{Title: l.T("rsn.mix"), Definition: l.T("def.mix"), Unit: "%", Source: "weekly_returned (return_lines)"},
		Categories: weeks,
		Stacked:    true,
		Max:        100,
		Series:     seriesFromMap(shares(units, len(weeks)), l, "bar"),
	}
}

func loadHeatmap(o Options, cube *returnedCube, d *ReasonsData) {
	l := o.Lang
	type cell struct{ cat, reason string }
	vals := map[cell]float64{}
	catTotal := map[string]float64{}
	reasons := map[string]bool{}
	from := cube.since(o.RecentWeeks)
	for _, r := range cube.Cells {
		if r.Week < from {
			continue
		}
		c := cell{cube.category(r.SKU), r.Reason}
		vals[c] += float64(r.Units)
		catTotal[c.cat] += float64(r.Units)
		reasons[c.reason] = true
	}
	cats := sortedKeys(catTotal)
	rs := sortedKeys(reasons)
	h := HeatmapChart{
		ID:      "heatmap",
		Caption: Caption{Title: l.T("rsn.heatmap"), Definition: l.Tf("def.heatmap", o.RecentWeeks), Unit: "%", Source: "weekly_returned, sku_labels"},
	}
	for _, r := range rs {
		h.X = append(h.X, l.Name(r))
	}
	for _, c := range cats {
		h.Y = append(h.Y, l.Name(c))
	}
	for yi, c := range cats {
		for xi, r := range rs {
			v, ok := vals[cell{c, r}]
			if !ok || catTotal[c] == 0 {
				continue
			}
			share := math.Round(1000*v/catTotal[c]) / 10
			h.Cells = append(h.Cells, [3]float64{float64(xi), float64(yi), share})
			h.Max = max(h.Max, share)
		}
	}
	d.Heatmap = h
}

// paretoSKU is one SKU's returned units over the Pareto's window and the
// reason it is returned for most (ties: the first reason in byte order).
type paretoSKU struct {
	sku, top string
	units    float64
}

// paretoSKUs sums the last n weeks of the cube per SKU, most returned first
// (ties by SKU), with their grand total.
func paretoSKUs(cube *returnedCube, n int) ([]paretoSKU, float64) {
	type key struct{ sku, reason string }
	byReason := map[key]int64{}
	from := cube.since(n)
	for _, r := range cube.Cells {
		if r.Week >= from {
			byReason[key{r.SKU, r.Reason}] += r.Units
		}
	}
	idx := map[string]int{}
	top := map[string]int64{}
	var out []paretoSKU
	var grand float64
	for k, u := range byReason {
		i, ok := idx[k.sku]
		if !ok {
			i = len(out)
			idx[k.sku] = i
			out = append(out, paretoSKU{sku: k.sku})
		}
		p := &out[i]
		p.units += float64(u)
		grand += float64(u)
		if t, seen := top[k.sku]; !seen || u > t || (u == t && k.reason < p.top) {
			top[k.sku], p.top = u, k.reason
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].units != out[j].units {
			return out[i].units > out[j].units
		}
		return out[i].sku < out[j].sku
	})
	return out, grand
}

// loadPareto is the most returned SKUs of the last RecentWeeks weeks with
// their shipped units (weekly_shipped), return rate, cumulative share of the
// returns and top reason.
func loadPareto(ctx context.Context, w *warehouse.DB, wk Week, o Options, cube *returnedCube, d *ReasonsData) error {
	l := o.Lang
	from, end := wk.Add(1-o.RecentWeeks).Start(), wk.End()
	skus, grand := paretoSKUs(cube, o.RecentWeeks)
	topN := max(o.TopN, 30)
	d.Pareto = CategoryChart{
		ID:      "pareto",
		Caption: Caption{Title: l.Tf("rsn.pareto", topN), Definition: l.Tf("def.pareto", o.RecentWeeks), Unit: "units", Source: "weekly_returned, weekly_shipped"},
		Unit2:   "%",
	}
	d.ParetoTable = Table{
		ID:      "pareto-table",
		Caption: Caption{Title: l.T("rsn.pareto_table"), Definition: l.Tf("def.pareto", o.RecentWeeks), Unit: "units, %", Source: "weekly_returned, weekly_shipped, sku_labels"},
		Head:    []string{l.T("col.sku"), l.T("col.name"), l.T("col.category"), l.T("col.returned"), l.T("col.shipped"), l.T("col.return_rate"), l.T("col.cum_share"), l.T("col.top_reason")},
		Numeric: []bool{false, false, false, true, true, true, true, false},
	}
	if len(skus) > topN {
		skus = skus[:topN]
	}
	shipped := map[string]float64{}
	if len(skus) > 0 {
		// only the SKUs shown: the filter reaches the order lines' scan
		args, marks := []any{from, end}, make([]string, len(skus))
		for i, p := range skus {
			args, marks[i] = append(args, p.sku), "?"
		}
		err := queryEach(ctx, w, "pareto shipped units", `SELECT sku, SUM(units)::DOUBLE FROM weekly_shipped
			WHERE week_start >= ? AND week_start < ? AND sku IN (`+strings.Join(marks, ", ")+`) GROUP BY sku`, args, func(r *sql.Rows) error {
			var sku string
			var n float64
			if err := r.Scan(&sku, &n); err != nil {
				return err
			}
			shipped[sku] = n
			return nil
		})
		if err != nil {
			return err
		}
	}
	var units, cum, rate []float64
	var running float64
	for _, p := range skus {
		lab := cube.Labels[p.sku] // a SKU without a product row: no name, no category
		ret, ship := p.units, shipped[p.sku]
		running += ret
		c := 100 * running / grand
		rr := math.NaN()
		if ship > 0 {
			rr = 100 * ret / ship
		}
		d.Pareto.Categories = append(d.Pareto.Categories, skuLabel(p.sku, lab.Name))
		units = append(units, ret)
		cum = append(cum, c)
		rate = append(rate, zeroNaN(rr))
		d.ParetoTable.Rows = append(d.ParetoTable.Rows, []string{p.sku, lab.Name, l.Name(lab.Category), l.Number(ret, 0), l.Number(ship, 0),
			pct(l, rr), pct(l, c), l.Name(p.top)})
	}
	d.Pareto.Series = []Series{
		{Name: l.T("col.returned"), Values: units},
		{Name: l.T("col.cum_share"), Values: round2(cum), Kind: "line", Axis: 1},
		{Name: l.T("col.return_rate"), Values: round2(rate), Kind: "line", Axis: 1},
	}
	return nil
}

func zeroNaN(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

func pct(l Lang, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return l.Number(v, 1) + " %"
}

// catchAllReasons are the reasons that say no reason was given: a rise in
// their share says nothing about the products, so no alert is shown for them.
var catchAllReasons = "('" + strings.Join(warehouse.CatchAllReasons, "', '") + "')"

// loadAlerts splits the forecast run's alerts into those active now (the
// reason's share over the last four weeks still at least halfway from its
// usual share to the share that raised the alert) and past ones, each said
// in words with its start week and the key's volume; newest first, at most
// MaxAlerts each, a note counting what is left out.
func loadAlerts(ctx context.Context, w *warehouse.DB, wk Week, runs Runs, o Options, cube *returnedCube, d *ReasonsData) error {
	l := o.Lang
	alerts, err := reasonAlertsFrom(ctx, w, runs.Forecast, wk, o, cube)
	if err != nil {
		return err
	}
	src := fmt.Sprintf("reason_alerts, run %d; weekly_returned", runs.Forecast)
	d.Alerts = Table{
		ID:      "alerts",
		Caption: Caption{Title: l.T("rsn.alerts_active"), Definition: l.Tf("def.alerts_active", alertCurrentWeeks, o.RecentWeeks), Unit: "%, units", Source: src},
		Head:    []string{l.T("col.level"), l.T("col.key"), l.T("col.name"), l.T("col.reason"), l.T("col.since"), l.T("col.in_words"), l.T("col.share_now"), l.T("col.usual"), l.Tf("col.units_weeks", o.RecentWeeks)},
		Numeric: []bool{false, false, false, false, false, false, true, true, true},
	}
	d.PastAlerts = Table{
		ID:      "alerts-past",
		Caption: Caption{Title: l.T("rsn.alerts_past"), Definition: l.Tf("def.alerts_past", alertCurrentWeeks, o.RecentWeeks), Unit: "%, units", Source: src},
		Head:    []string{l.T("col.level"), l.T("col.key"), l.T("col.name"), l.T("col.reason"), l.T("col.since"), l.T("col.detected"), l.T("col.in_words"), l.T("col.share_now"), l.T("col.usual"), l.Tf("col.units_weeks", o.RecentWeeks)},
		Numeric: []bool{false, false, false, false, false, false, false, true, true, true},
	}
	d.Alerts.Head = append(d.Alerts.Head, l.T("col.alert_detail"))
	d.PastAlerts.Head = append(d.PastAlerts.Head, l.T("col.alert_detail"))
	d.Alerts.Numeric = append(d.Alerts.Numeric, false)
	d.PastAlerts.Numeric = append(d.PastAlerts.Numeric, false)
	var nActive, nPast int
	var shown []ReasonAlert
	for _, a := range alerts {
		if (a.Active && nActive < o.MaxAlerts) || (!a.Active && nPast < o.MaxAlerts) {
			shown = append(shown, a)
		}
		if a.Active {
			nActive++
		} else {
			nPast++
		}
	}
	details, anchor, err := alertDetails(ctx, w, wk, o, cube, shown, d.Needs["themes"])
	if err != nil {
		return err
	}
	d.AlertDetails = details
	for _, a := range shown {
		row := []string{l.Name(a.Level), a.Key, a.Name, l.Name(a.Reason), WeekOf(a.Start).String()}
		now, usual, units := pct(l, 100*a.Current), pct(l, 100*a.Usual), l.Number(float64(a.UnitsRecent), 0)
		link := "#" + anchor[a.Level+"/"+a.Key]
		if a.Active {
			d.Alerts.Rows = append(d.Alerts.Rows, append(row, alertWords(l, a), now, usual, units, l.T("alert.detail_link")))
			d.Alerts.Links = append(d.Alerts.Links, link)
			continue
		}
		d.PastAlerts.Rows = append(d.PastAlerts.Rows, append(row, WeekOf(a.Detected).String(), alertWords(l, a), now, usual, units, l.T("alert.detail_link")))
		d.PastAlerts.Links = append(d.PastAlerts.Links, link)
	}
	if nActive > o.MaxAlerts || nPast > o.MaxAlerts {
		d.AlertsNote = l.Tf("rsn.alerts_cap", o.MaxAlerts, nActive, nPast)
	}
	return nil
}

// alertWords says an alert as a reader would: "3.1 x the usual share of
// 'defective' since 2026-W41"; a past alert also says where the share is now.
func alertWords(l Lang, a ReasonAlert) string {
	reason, since := l.Name(a.Reason), WeekOf(a.Start).String()
	if a.Active && a.Usual < alertTinyUsual {
		return l.Tf("alert.words_new", pct(l, 100*a.Current), reason, since)
	}
	if a.Active {
		return l.Tf("alert.words", l.Number(a.Ratio(), 1), reason, since)
	}
	s := l.Tf("alert.words_past", l.Number(a.Ratio(), 1), reason, since)
	if a.Usual > 0 && a.Current == a.Current {
		s += " " + l.Tf("alert.words_now", l.Number(a.Current/a.Usual, 1))
	} else {
		s += " " + l.T("alert.words_none")
	}
	return s
}

func weekAndDate(l Lang, t sql.NullTime) string {
	if !t.Valid {
		return "–"
	}
	return WeekOf(t.Time).String() + " (" + l.Date(t.Time) + ")"
}

func nullPct(l Lang, v sql.NullFloat64) string {
	if !v.Valid {
		return "–"
	}
	return l.Number(100*v.Float64, 1) + " %"
}

func nullNum(l Lang, v sql.NullFloat64, dec int) string {
	if !v.Valid {
		return "–"
	}
	return l.Number(v.Float64, dec)
}

func loadReasonForecast(ctx context.Context, w *warehouse.DB, runs Runs, o Options, cube *returnedCube, d *ReasonsData) error {
	l := o.Lang
	var level sql.NullString
	if err := w.QueryRow(ctx, `SELECT level FROM reason_forecasts WHERE run_id = ? GROUP BY level
		ORDER BY CASE level WHEN 'total' THEN 0 WHEN 'sector' THEN 1 WHEN 'category' THEN 2 WHEN 'sku' THEN 3 ELSE 4 END LIMIT 1`, runs.Forecast).Scan(&level); err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("query reason forecast level: %w", err)
	}
	src := fmt.Sprintf("reason_forecasts (level %s), run %d", level.String, runs.Forecast)
	d.ReasonFcst = CategoryChart{
		ID:      "reason-forecast",
		Caption: Caption{Title: l.T("rsn.fcst"), Definition: l.T("def.reason_fcst"), Unit: "units", Source: src},
		Stacked: true,
	}
	d.ReasonFcstTbl = Table{
		ID:      "reason-forecast-table",
		Caption: Caption{Title: l.T("rsn.fcst_table"), Definition: l.Tf("def.reason_fcst_table", o.RecentWeeks), Unit: "%", Source: src + ", weekly_returned"},
		Head:    []string{l.T("col.reason"), l.T("col.share_recent"), l.T("col.share_fcst"), l.T("col.change_pp"), l.T("col.fc_13")},
		Numeric: []bool{false, true, true, true, true},
	}
	if !level.Valid {
		return nil
	}
	units := map[string]map[string]float64{}
	total := map[string]float64{}
	var weeks []string
	seen := map[string]bool{}
	var grand float64
	err := queryEach(ctx, w, "reason forecasts", `
		SELECT iso_week, reason, SUM(units) FROM reason_forecasts WHERE run_id = ? AND level = ?
		GROUP BY ALL ORDER BY min(week_start), reason`, []any{runs.Forecast, level.String}, func(r *sql.Rows) error {
		var iw, reason string
		var n float64
		if err := r.Scan(&iw, &reason, &n); err != nil {
			return err
		}
		if !seen[iw] {
			seen[iw] = true
			weeks = append(weeks, iw)
		}
		if units[reason] == nil {
			units[reason] = map[string]float64{}
		}
		units[reason][iw] += n
		total[reason] += n
		grand += n
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(weeks)
	series := map[string][]float64{}
	for reason, m := range units {
		v := make([]float64, len(weeks))
		for i, iw := range weeks {
			v[i] = m[iw]
		}
		series[reason] = round2(v)
	}
	d.ReasonFcst.Categories = weeks
	d.ReasonFcst.Series = seriesFromMap(series, l, "bar")
	recent := map[string]float64{}
	var recentTotal float64
	from := cube.since(o.RecentWeeks)
	for _, r := range cube.Cells {
		if r.Week >= from {
			recent[r.Reason] += float64(r.Units)
			recentTotal += float64(r.Units)
		}
	}
	for _, reason := range sortedKeys(total) {
		rs, fs := math.NaN(), math.NaN()
		if recentTotal > 0 {
			rs = 100 * recent[reason] / recentTotal
		}
		if grand > 0 {
			fs = 100 * total[reason] / grand
		}
		d.ReasonFcstTbl.Rows = append(d.ReasonFcstTbl.Rows, []string{l.Name(reason), pct(l, rs), pct(l, fs), ppChange(l, fs-rs), l.Number(total[reason], 0)})
	}
	return nil
}

func ppChange(l Lang, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := l.Number(v, 1)
	if v > 0 {
		s = "+" + s
	}
	return s + l.PP()
}
