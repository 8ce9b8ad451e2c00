package reports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// OperationsData is everything the operations pack shows (supply-chain director).
type OperationsData struct {
	Meta            Meta                `json:"meta"`
	Needs           map[string]*Missing `json:"needs,omitempty"`
	TileNeeds       []string            `json:"tile_needs,omitempty"`
	KPIMissing      *Missing            `json:"kpi_missing,omitempty"`
	Tiles           []Tile              `json:"tiles"`
	Trends          []CategoryChart     `json:"trends"`
	Processing      CategoryChart       `json:"processing"`
	ProcessingStats Table               `json:"processing_stats"`
	Backlog         CategoryChart       `json:"backlog"`
	Cost            CategoryChart       `json:"cost"`
	Disposition     CategoryChart       `json:"disposition"`
	Forecast        ForecastBlock       `json:"forecast"`
	Claims          CategoryChart       `json:"claims"`
	ClaimsTable     Table               `json:"claims_table"`
	// Summary is the executive summary and contents bar (summary.go).
	Summary Summary `json:"summary"`
}

// ForecastBlock is the forecast part of the operations pack.
type ForecastBlock struct {
	Missing *Missing `json:"missing,omitempty"`
	// Needs are the pack's section messages (forecast-sites, workload, ...).
	Needs         map[string]*Missing `json:"-"`
	Total         []BandChart         `json:"total"`
	Sites         []BandChart         `json:"sites"`
	Categories    []BandChart         `json:"categories"`
	CategoryTable Table               `json:"category_table"`
	Workload      CategoryChart       `json:"workload"`
	WorkloadTable Table               `json:"workload_table"`
	// CapacityNote says how to give the current staff when it is unknown.
	CapacityNote string        `json:"capacity_note,omitempty"`
	TopSKUs      CategoryChart `json:"top_skus"`
	TopSKUTable  Table         `json:"top_sku_table"`
}

func noForecast(l Lang) *Missing {
	return &Missing{Message: l.T("missing.forecast"), Command: "retour forecast"}
}

func noKPI(l Lang) *Missing {
	return &Missing{Message: l.T("missing.kpi"), Command: "retour kpi"}
}

// LoadOperations computes the operations pack for week wk: stored KPI
// values, the carbon facts' dispositions and the forecast made at wk. A
// section whose fields the data lacks is not computed; Needs says why.
func LoadOperations(ctx context.Context, w *warehouse.DB, wk Week, o Options) (*OperationsData, error) {
	o = o.withDefaults()
	l := o.Lang
	ps, err := startPack(ctx, w, wk, o, "operations")
	if err != nil {
		return nil, err
	}
	runs := ps.runs
	d := &OperationsData{Meta: ps.meta, Needs: ps.needs}
	if runs.KPI == 0 {
		d.KPIMissing = noKPI(l)
	}
	audiences := []string{"operations", "claims", ""}
	if d.Tiles, d.Trends, err = loadTiles(ctx, w, runs.KPI, wk, l, audiences, o.TrendWeeks); err != nil {
		return nil, err
	}
	if d.TileNeeds, err = unsupportedTiles(ctx, w, runs.KPI, l, audiences); err != nil {
		return nil, err
	}
	steps := []struct {
		id   string
		load func(context.Context, *warehouse.DB, Week, Options, *OperationsData) error
	}{{"processing", loadProcessing}, {"backlog", loadBacklog}, {"cost", loadCostAndDisposition}, {"claims", loadClaims}}
	for _, step := range steps {
		if d.Needs[step.id] != nil && (step.id != "cost" || d.Needs["disposition"] != nil) {
			continue
		}
		if err := step.load(ctx, w, wk, o, d); err != nil {
			return nil, err
		}
	}
	if err := loadOpsForecast(ctx, w, wk, runs, o, d); err != nil {
		return nil, err
	}
	if d.Summary, err = buildSummary(ctx, w, wk, o, d); err != nil {
		return nil, err
	}
	return d, nil
}

// loadOpsForecast fills the forecast block, or says why there is none.
func loadOpsForecast(ctx context.Context, w *warehouse.DB, wk Week, runs Runs, o Options, d *OperationsData) error {
	if m := d.Needs["forecast"]; m != nil {
		d.Forecast.Missing = m
		return nil
	}
	if runs.Forecast == 0 {
		var err error
		d.Forecast.Missing, err = forecastMissing(ctx, w, wk, o.Lang)
		return err
	}
	if err := loadForecastBlock(ctx, w, runs, o, &d.Forecast); err != nil {
		return err
	}
	d.Forecast.Needs = d.Needs
	return nil
}

var backlogBuckets = []string{"<24 h", "1-3 d", "3-7 d", ">7 d"}

// backlogKPIs are the stored backlog buckets, in backlogBuckets order.
var backlogKPIs = []string{"backlog_lt24h", "backlog_1_3d", "backlog_3_7d", "backlog_gt7d"}

// bucketLabels spells age buckets in the language: days are "j" in French.
func bucketLabels(buckets []string, l Lang) []string {
	out := make([]string, len(buckets))
	for i, b := range buckets {
		if l == French {
			b = strings.Replace(b, " d", " j", 1)
		}
		out[i] = b
	}
	return out
}

func kpiSource(run int64) string { return "kpi_snapshots, run " + strconv.FormatInt(run, 10) }

// loadProcessing draws the processing-time KPIs kpi stored per site for the
// week: the chart of median and 90th percentile, the table with the share
// over the SLA of each line's sector (the tile's definition, not a flat one).
func loadProcessing(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	ids := []string{"processing_time_mean", "processing_time_median", "processing_time_p90", "processing_over_sla",
		"stage_inspection_median", "stage_disposition_median"}
	src := kpiSource(run)
	d.Processing = CategoryChart{
		ID:      "processing",
		Caption: Caption{Title: l.T("ops.processing_site"), Definition: l.T("def.processing_site"), Unit: "h", Source: src},
	}
	d.ProcessingStats = Table{
		ID:      "processing-stats",
		Caption: Caption{Title: l.T("ops.processing_stats"), Definition: l.T("def.processing_stats_kpi"), Unit: "h, %", Source: src},
		Head:    []string{l.T("col.site"), l.T("col.lines"), l.T("col.mean_h"), l.T("col.median_h"), l.T("col.p90_h"), l.T("col.over_sla_sector")},
		Numeric: []bool{false, true, true, true, true, true},
	}
	rows := map[string]map[string]snap{}
	var sites []string
	for _, scope := range []string{"site", "total"} {
		snaps, err := readSnapshots(ctx, w, run, ids, scope, wk, wk)
		if err != nil {
			return err
		}
		for _, s := range snaps {
			key := s.ScopeValue
			if scope == "total" {
				key = "\x00total"
			}
			if rows[key] == nil {
				rows[key] = map[string]snap{}
				if scope == "site" {
					sites = append(sites, key)
				}
			}
			rows[key][s.KPI] = s
		}
	}
	med, p90 := make([]float64, len(sites)), make([]float64, len(sites))
	for i, site := range sites {
		med[i], p90[i] = rows[site]["processing_time_median"].Value.Float64, rows[site]["processing_time_p90"].Value.Float64
		d.Processing.Categories = append(d.Processing.Categories, l.Name(site))
	}
	if len(sites) > 0 {
		d.Processing.Series = []Series{{Name: l.T("col.median_h"), Values: round2(med)}, {Name: l.T("col.p90_h"), Values: round2(p90)}}
	}
	// Stage times only when kpi stored them (inspection timestamps given).
	stages := false
	for _, r := range rows {
		stages = stages || r["stage_inspection_median"].Value.Valid
	}
	if stages {
		d.ProcessingStats.Head = append(d.ProcessingStats.Head, l.T("col.stage_inspection_h"), l.T("col.stage_disposition_h"))
		d.ProcessingStats.Numeric = append(d.ProcessingStats.Numeric, true, true)
	}
	for _, key := range append(sites, "\x00total") {
		r, ok := rows[key]
		if !ok {
			continue
		}
		name := l.Name(key)
		if key == "\x00total" {
			name = l.T("scope.total")
		}
		row := []string{name, nullNum(l, r["processing_time_mean"].Denominator, 0),
			nullNum(l, r["processing_time_mean"].Value, 1), nullNum(l, r["processing_time_median"].Value, 1),
			nullNum(l, r["processing_time_p90"].Value, 1), nullPct(l, scaled(r["processing_over_sla"].Value, 0.01))}
		if stages {
			row = append(row, nullNum(l, r["stage_inspection_median"].Value, 1), nullNum(l, r["stage_disposition_median"].Value, 1))
		}
		d.ProcessingStats.Rows = append(d.ProcessingStats.Rows, row)
	}
	return nil
}

// scaled multiplies a nullable value (KPI percentages are stored as 0-100).
func scaled(v sql.NullFloat64, f float64) sql.NullFloat64 {
	if v.Valid {
		v.Float64 *= f
	}
	return v
}

// loadBacklog draws the backlog buckets kpi stored per site at the end of the week.
func loadBacklog(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	snaps, err := readSnapshots(ctx, w, run, backlogKPIs, "site", wk, wk)
	if err != nil {
		return err
	}
	sites := map[string][]float64{}
	for _, s := range snaps {
		if sites[s.ScopeValue] == nil {
			sites[s.ScopeValue] = make([]float64, len(backlogKPIs))
		}
		sites[s.ScopeValue][slices.Index(backlogKPIs, s.KPI)] = s.Value.Float64
	}
	d.Backlog = CategoryChart{
		ID:         "backlog",
		Caption:    Caption{Title: l.T("ops.backlog"), Definition: l.Tf("def.backlog", l.Date(wk.End().AddDate(0, 0, -1))), Unit: "units", Source: kpiSource(run)},
		Categories: bucketLabels(backlogBuckets, l),
		Stacked:    true,
		Series:     seriesFromMap(sites, l, "bar"),
	}
	return nil
}

// loadCostAndDisposition draws the stored cost KPIs per week and the units
// processed per disposition from the carbon facts kpi wrote.
func loadCostAndDisposition(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	weeks := weekLabels(wk, o.TrendWeeks)
	wi := indexOf(weeks)
	ids := []string{"cost_processing_per_unit", "cost_transport_per_unit"}
	snaps, err := readSnapshots(ctx, w, run, ids, "total", wk.Add(1-o.TrendWeeks), wk)
	if err != nil {
		return err
	}
	vals := [2][]float64{make([]float64, len(weeks)), make([]float64, len(weeks))}
	for _, s := range snaps {
		if i, ok := wi[s.Week]; ok {
			vals[slices.Index(ids, s.KPI)][i] = s.Value.Float64
		}
	}
	d.Cost = CategoryChart{
		ID:         "cost",
		Caption:    Caption{Title: l.T("ops.cost"), Definition: l.T("def.cost"), Unit: "EUR", Source: kpiSource(run)},
		Categories: weeks,
		Stacked:    true,
		Series:     []Series{{Name: l.T("series.processing"), Values: round2(vals[0])}, {Name: l.T("series.transport"), Values: round2(vals[1])}},
	}
	disp := map[string][]float64{}
	err = queryEach(ctx, w, "disposition mix", `
		SELECT iso_week, COALESCE(disposition, 'unknown'), SUM(units)::DOUBLE
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start <= ?
		GROUP BY ALL`, []any{d.Meta.Runs.Carbon, wk.Add(1 - o.TrendWeeks).Start(), wk.Start()}, func(r *sql.Rows) error {
		var iw, dp string
		var n float64
		if err := r.Scan(&iw, &dp, &n); err != nil {
			return err
		}
		i, ok := wi[iw]
		if !ok {
			return nil
		}
		if disp[dp] == nil {
			disp[dp] = make([]float64, len(weeks))
		}
		disp[dp][i] = n
		return nil
	})
	if err != nil {
		return err
	}
	d.Disposition = CategoryChart{
		ID:         "disposition",
		Caption:    Caption{Title: l.T("ops.disposition"), Definition: l.T("def.disposition"), Unit: "units", Source: fmt.Sprintf("carbon_facts, run %d", d.Meta.Runs.Carbon)},
		Categories: weeks,
		Stacked:    true,
		Series:     seriesFromMap(disp, l, "bar"),
	}
	return nil
}

// loadClaims draws the claims KPIs kpi stored per claim type: opened per
// week over the recent weeks, and a summary table.
func loadClaims(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	from := wk.Add(1 - o.RecentWeeks)
	weeks := weekLabels(wk, o.RecentWeeks)
	wi := indexOf(weeks)
	ids := []string{"claims_opened", "claims_closed", "claims_amount", "claims_days_to_close_median"}
	snaps, err := readSnapshots(ctx, w, run, ids, "type", from, wk)
	if err != nil {
		return err
	}
	opened := map[string][]float64{}
	sum := map[string]map[string]float64{}
	median := map[string]sql.NullFloat64{}
	for _, s := range snaps {
		typ := s.ScopeValue
		if sum[typ] == nil {
			sum[typ] = map[string]float64{}
			opened[claimType(l, typ)] = make([]float64, len(weeks))
		}
		switch s.KPI {
		case "claims_days_to_close_median":
			if s.Week == wk.String() {
				median[typ] = s.Value
			}
		case "claims_opened":
			opened[claimType(l, typ)][wi[s.Week]] = s.Value.Float64
			fallthrough
		default:
			sum[typ][s.KPI] += s.Value.Float64
		}
	}
	d.Claims = CategoryChart{
		ID:         "claims",
		Caption:    Caption{Title: l.T("ops.claims_week"), Definition: l.Tf("def.claims_week", o.RecentWeeks), Unit: "n", Source: kpiSource(run)},
		Categories: weeks,
		Stacked:    true,
		Series:     seriesFromMap(opened, l, "bar"),
	}
	d.ClaimsTable = Table{
		ID:      "claims-table",
		Caption: Caption{Title: l.T("ops.claims_table"), Definition: l.Tf("def.claims_table_kpi", o.RecentWeeks), Unit: "n, d, EUR", Source: kpiSource(run)},
		Head:    []string{l.T("col.type"), l.T("col.opened"), l.T("col.closed"), l.T("col.median_days_week"), l.T("col.amount")},
		Numeric: []bool{false, true, true, true, true},
	}
	types := sortedKeys(sum)
	sort.SliceStable(types, func(i, j int) bool { return sum[types[i]]["claims_opened"] > sum[types[j]]["claims_opened"] })
	for _, typ := range types {
		m := sum[typ]
		d.ClaimsTable.Rows = append(d.ClaimsTable.Rows, []string{claimType(l, typ), l.Number(m["claims_opened"], 0),
			l.Number(m["claims_closed"], 0), nullNum(l, median[typ], 1), l.Value(m["claims_amount"], "EUR")})
	}
	return nil
}

// seriesFromMap turns name -> values into series sorted by name, names translated.
func seriesFromMap(m map[string][]float64, l Lang, kind string) []Series {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Series, 0, len(keys))
	for _, k := range keys {
		s := Series{Name: l.Name(k), Values: m[k]}
		if kind == "line" {
			s.Kind = "line"
		}
		out = append(out, s)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func round2(v []float64) []float64 {
	for i := range v {
		v[i] = float64(int64(v[i]*100+0.5*sign(v[i]))) / 100
	}
	return v
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// claimType names a claim type (whose codes overlap reason codes).
func claimType(l Lang, code string) string {
	if _, ok := labels["claim."+code]; ok {
		return l.T("claim." + code)
	}
	return l.Name(code)
}

// siteBuckets runs a query returning (site, bucket index, units) rows and
// collects units per site and bucket.
func siteBuckets(ctx context.Context, w *warehouse.DB, what string, nb int, query string, args ...any) (map[string][]float64, error) {
	sites := map[string][]float64{}
	err := queryEach(ctx, w, what, query, args, func(r *sql.Rows) error {
		var site string
		var b int
		var n float64
		if err := r.Scan(&site, &b, &n); err != nil {
			return err
		}
		if sites[site] == nil {
			sites[site] = make([]float64, nb)
		}
		sites[site][b] += n
		return nil
	})
	return sites, err
}
