package reports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"

	"github.com/retour-analytics/retour/warehouse"
)

// Meta describes the page: which week, which language, which runs.
type Meta struct {
	Pack      string `json:"pack"`
	Week      string `json:"week"`
	WeekStart string `json:"week_start"`
	WeekEnd   string `json:"week_end"` // Sunday
	Lang      Lang   `json:"lang"`
	Runs      Runs   `json:"runs"`
}

func newMeta(pack string, wk Week, l Lang, runs Runs) Meta {
	return Meta{Pack: pack, Week: wk.String(), WeekStart: day(wk.Start()), WeekEnd: day(wk.End().AddDate(0, 0, -1)), Lang: l, Runs: runs}
}

// Tile is one KPI for the week, with last week's value and its benchmark bands.
type Tile struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Definition     string   `json:"definition"`
	Unit           string   `json:"unit"`
	HigherIsBetter *bool    `json:"higher_is_better"`
	Value          *float64 `json:"value"`
	Prev           *float64 `json:"prev"`
	Change         *float64 `json:"change"` // value - prev, in the KPI's unit
	Provisional    bool     `json:"provisional"`
	Bench          []Bench  `json:"bench"`
	// AsOf is the ISO week of Value when the KPI has no value for the report
	// week (a cohort still in its return window): the latest earlier value.
	AsOf string `json:"as_of,omitempty"`
	// Parts breaks down a mix KPI, one that only has values per scope (share
	// of claims closed per resolution), for the report week.
	Parts []Part `json:"parts,omitempty"`
	// Spark is the KPI's stored value over the last sparkWeeks weeks ending
	// with the report week (nil for a week without one).
	Spark []*float64 `json:"spark,omitempty"`
}

// Part is one scope value of a mix KPI and its change against last week.
type Part struct {
	Name   string   `json:"name"`
	Value  *float64 `json:"value"`
	Change *float64 `json:"change"`
}

// Bench is a KPI value in one scope against its benchmark band.
type Bench struct {
	Scope  string   `json:"scope"`
	Value  *float64 `json:"value"`
	Low    *float64 `json:"low"`
	High   *float64 `json:"high"`
	Status string   `json:"status"` // better, within, worse
	Source string   `json:"source"`
}

// Trend says whether the change is good news: "up", "down" (good / bad) or "".
func (t Tile) Trend() string {
	if t.Change == nil || *t.Change == 0 || t.HigherIsBetter == nil {
		return ""
	}
	if (*t.Change > 0) == *t.HigherIsBetter {
		return "good"
	}
	return "bad"
}

// loadTiles reads the KPI tiles of the given audiences (KPIs the run did
// not store for want of a field are left out: unsupportedTiles says why) (operations also takes
// the claims KPIs and those without an audience) and their trend charts. An
// entry may also name a KPI id, for a KPI another audience reads too.
func loadTiles(ctx context.Context, w *warehouse.DB, run int64, wk Week, l Lang, audiences []string, trendWeeks int) ([]Tile, []CategoryChart, error) {
	if run == 0 {
		return nil, nil, nil
	}
	aud := map[string]bool{}
	for _, a := range audiences {
		aud[a] = true
	}
	var tiles []Tile
	byID := map[string]int{}
	err := queryEach(ctx, w, "kpi tiles", `
		SELECT d.kpi_id, d.name_en, d.name_fr, d.definition_en, d.definition_fr, d.unit, d.higher_is_better,
		       COALESCE(d.audience, ''), s.value, p.value, COALESCE(s.provisional, false),
		       s.benchmark_low, s.benchmark_high, COALESCE(s.benchmark_status, ''), COALESCE(s.benchmark_source, '')
		FROM kpi_definitions d
		LEFT JOIN kpi_snapshots s ON s.kpi_id = d.kpi_id AND s.run_id = ? AND s.week_start = ? AND s.scope = 'total'
		LEFT JOIN kpi_snapshots p ON p.kpi_id = d.kpi_id AND p.run_id = ? AND p.week_start = ? AND p.scope = 'total'
		WHERE d.kpi_id NOT IN (SELECT kpi_id FROM kpi_unsupported WHERE run_id = ?)
		ORDER BY d.kpi_id`, []any{run, wk.Start(), run, wk.Add(-1).Start(), run}, func(r *sql.Rows) error {
		var t Tile
		var nameFR, defFR, audience, status, source string
		var hib sql.NullBool
		var v, p, lo, hi sql.NullFloat64
		if err := r.Scan(&t.ID, &t.Name, &nameFR, &t.Definition, &defFR, &t.Unit, &hib, &audience, &v, &p, &t.Provisional, &lo, &hi, &status, &source); err != nil {
			return err
		}
		if !aud[audience] && !aud[t.ID] {
			return nil
		}
		if l == French {
			t.Name, t.Definition = nameFR, defFR
		}
		if hib.Valid {
			t.HigherIsBetter = &hib.Bool
		}
		t.Value, t.Prev = nullF(v), nullF(p)
		if v.Valid && p.Valid {
			t.Change = ptr(v.Float64 - p.Float64)
		}
		if status != "" {
			t.Bench = append(t.Bench, Bench{Scope: l.T("scope.total"), Value: t.Value, Low: nullF(lo), High: nullF(hi), Status: status, Source: source})
		}
		byID[t.ID] = len(tiles)
		tiles = append(tiles, t)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = queryEach(ctx, w, "kpi benchmarks", `
		SELECT kpi_id, scope, scope_value, value, benchmark_low, benchmark_high, benchmark_status, COALESCE(benchmark_source, '')
		FROM kpi_snapshots
		WHERE run_id = ? AND week_start = ? AND scope = 'sector' AND benchmark_status IS NOT NULL
		ORDER BY kpi_id, scope, scope_value`, []any{run, wk.Start()}, func(r *sql.Rows) error {
		var id, scope, sv string
		var b Bench
		var v, lo, hi sql.NullFloat64
		if err := r.Scan(&id, &scope, &sv, &v, &lo, &hi, &b.Status, &b.Source); err != nil {
			return err
		}
		i, ok := byID[id]
		if !ok {
			return nil
		}
		b.Scope = l.Name(sv)
		b.Value, b.Low, b.High = nullF(v), nullF(lo), nullF(hi)
		tiles[i].Bench = append(tiles[i].Bench, b)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := loadLatestValues(ctx, w, run, wk, tiles, byID, trendWeeks); err != nil {
		return nil, nil, err
	}
	if err := loadParts(ctx, w, run, wk, l, tiles, byID); err != nil {
		return nil, nil, err
	}
	// Trends: one line per KPI over the trend window.
	weeks := weekLabels(wk, trendWeeks)
	wi := indexOf(weeks)
	series := map[string][]float64{}
	has := map[string][]bool{}
	err = queryEach(ctx, w, "kpi trends", `
		SELECT kpi_id, iso_week, value FROM kpi_snapshots
		WHERE run_id = ? AND scope = 'total' AND week_start > ? AND week_start <= ? AND value IS NOT NULL`,
		[]any{run, wk.Add(-trendWeeks).Start(), wk.Start()}, func(r *sql.Rows) error {
			var id, iw string
			var v float64
			if err := r.Scan(&id, &iw, &v); err != nil {
				return err
			}
			i, ok := wi[iw]
			if _, known := byID[id]; !ok || !known {
				return nil
			}
			if series[id] == nil {
				series[id] = make([]float64, len(weeks))
				has[id] = make([]bool, len(weeks))
			}
			series[id][i] = v
			has[id][i] = true
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	for id, v := range series {
		tiles[byID[id]].Spark = sparkValues(v, has[id])
	}
	// Start the trends at the first week with a value, so weeks before the
	// data do not draw as zeros.
	first := len(weeks)
	for _, h := range has {
		if i := slices.Index(h, true); i >= 0 {
			first = min(first, i)
		}
	}
	if first == len(weeks) {
		first = 0
	}
	weeks = weeks[first:]
	for id, v := range series {
		series[id], has[id] = v[first:], has[id][first:]
	}
	ids := make([]string, 0, len(series))
	for id := range series {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return lessKPI(ids[i], ids[j]) })
	var trends []CategoryChart
	for _, id := range ids {
		t := tiles[byID[id]]
		trends = append(trends, CategoryChart{
			ID:         "trend-" + id,
			Caption:    Caption{Title: t.Name, Definition: t.Definition, Unit: t.Unit, Source: fmt.Sprintf("kpi_snapshots, run %d", run)},
			Categories: weeks,
			Series:     []Series{{Name: t.Name, Values: series[id], Kind: "line", Gaps: gaps(has[id])}},
		})
	}
	sort.SliceStable(tiles, func(i, j int) bool { return lessKPI(tiles[i].ID, tiles[j].ID) })
	return tiles, trends, nil
}

// kpiOrder is the reading order of the tiles: volume and rates, speed,
// backlog, cost and value, quality, claims, then carbon. KPIs not listed
// follow in id order.
var kpiOrder = []string{
	"returned_units", "return_rate", "return_rate_cohort",
	"processing_time_median", "processing_time_mean", "processing_time_p90", "processing_over_sla",
	"backlog_units", "backlog_lt24h", "backlog_1_3d", "backlog_3_7d", "backlog_gt7d",
	"cost_per_unit", "value_recovery_rate", "nonconformity_rate", "csat_mean", "csat_share_4_5",
	"claims_opened", "claims_closed", "claims_days_to_close_median", "claims_amount", "claims_repeat_sku_share", "claims_resolution_share",
	"co2_inventory", "co2_transport_per_unit", "co2_avoided", "co2_avoided_share", "co2_net", "co2_footprint_coverage", "destruction_rate",
}

func lessKPI(a, b string) bool {
	ra, rb := slices.Index(kpiOrder, a), slices.Index(kpiOrder, b)
	if ra < 0 {
		ra = len(kpiOrder)
	}
	if rb < 0 {
		rb = len(kpiOrder)
	}
	if ra != rb {
		return ra < rb
	}
	return a < b
}

// gaps returns which weeks have no value, or nil when every week has one.
func gaps(has []bool) []bool {
	if !slices.Contains(has, false) {
		return nil
	}
	out := make([]bool, len(has))
	for i, h := range has {
		out[i] = !h
	}
	return out
}

// loadLatestValues gives the tiles without a value for the week the latest
// earlier value within the trend window, marked with its week (AsOf).
func loadLatestValues(ctx context.Context, w *warehouse.DB, run int64, wk Week, tiles []Tile, byID map[string]int, trendWeeks int) error {
	return queryEach(ctx, w, "kpi latest values", `
		SELECT s.kpi_id, s.iso_week, s.value, s.provisional, p.value
		FROM kpi_snapshots s
		LEFT JOIN kpi_snapshots p ON p.run_id = s.run_id AND p.kpi_id = s.kpi_id AND p.scope = 'total'
		     AND p.week_start = s.week_start - INTERVAL 7 DAY
		WHERE s.run_id = ? AND s.scope = 'total' AND s.value IS NOT NULL AND s.week_start < ? AND s.week_start > ?
		QUALIFY row_number() OVER (PARTITION BY s.kpi_id ORDER BY s.week_start DESC) = 1`,
		[]any{run, wk.Start(), wk.Add(-trendWeeks).Start()}, func(r *sql.Rows) error {
			var id, week string
			var v float64
			var prov bool
			var p sql.NullFloat64
			if err := r.Scan(&id, &week, &v, &prov, &p); err != nil {
				return err
			}
			i, ok := byID[id]
			if !ok || tiles[i].Value != nil {
				return nil
			}
			t := &tiles[i]
			t.Value, t.Prev, t.Change, t.Provisional, t.AsOf = ptr(v), nullF(p), nil, prov, week
			if p.Valid {
				t.Change = ptr(v - p.Float64)
			}
			return nil
		})
}

// loadParts fills the breakdown of mix KPIs: those with no 'total' value in
// the run, only values per scope (resolution, ...), largest first.
func loadParts(ctx context.Context, w *warehouse.DB, run int64, wk Week, l Lang, tiles []Tile, byID map[string]int) error {
	return queryEach(ctx, w, "kpi mix parts", `
		WITH mix AS (SELECT kpi_id FROM kpi_snapshots WHERE run_id = ? GROUP BY kpi_id HAVING bool_and(scope <> 'total'))
		SELECT s.kpi_id, s.scope_value, s.value, p.value
		FROM kpi_snapshots s JOIN mix USING (kpi_id)
		LEFT JOIN kpi_snapshots p ON p.run_id = s.run_id AND p.kpi_id = s.kpi_id AND p.scope = s.scope
		     AND p.scope_value = s.scope_value AND p.week_start = ?
		WHERE s.run_id = ? AND s.week_start = ?
		ORDER BY s.kpi_id, s.value DESC NULLS LAST, s.scope_value`,
		[]any{run, wk.Add(-1).Start(), run, wk.Start()}, func(r *sql.Rows) error {
			var id, sv string
			var v, p sql.NullFloat64
			if err := r.Scan(&id, &sv, &v, &p); err != nil {
				return err
			}
			i, ok := byID[id]
			if !ok || tiles[i].Value != nil {
				return nil
			}
			part := Part{Name: l.Name(sv), Value: nullF(v)}
			if v.Valid && p.Valid {
				part.Change = ptr(v.Float64 - p.Float64)
			}
			tiles[i].Parts = append(tiles[i].Parts, part)
			return nil
		})
}
