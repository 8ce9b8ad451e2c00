package reports

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// OperationsData is everything the operations pack shows (supply-chain director).
type OperationsData struct {
	Meta            Meta            `json:"meta"`
	KPIMissing      *Missing        `json:"kpi_missing,omitempty"`
	Tiles           []Tile          `json:"tiles"`
	Trends          []CategoryChart `json:"trends"`
	Processing      CategoryChart   `json:"processing"`
	ProcessingStats Table           `json:"processing_stats"`
	Backlog         CategoryChart   `json:"backlog"`
	Cost            CategoryChart   `json:"cost"`
	Disposition     CategoryChart   `json:"disposition"`
	Forecast        ForecastBlock   `json:"forecast"`
	Claims          CategoryChart   `json:"claims"`
	ClaimsTable     Table           `json:"claims_table"`
}

// ForecastBlock is the forecast part of the operations pack.
type ForecastBlock struct {
	Missing       *Missing      `json:"missing,omitempty"`
	Total         []BandChart   `json:"total"`
	Sites         []BandChart   `json:"sites"`
	Categories    []BandChart   `json:"categories"`
	CategoryTable Table         `json:"category_table"`
	Workload      CategoryChart `json:"workload"`
	WorkloadTable Table         `json:"workload_table"`
	TopSKUs       CategoryChart `json:"top_skus"`
	TopSKUTable   Table         `json:"top_sku_table"`
}

func noForecast(l Lang) *Missing {
	return &Missing{Message: l.T("missing.forecast"), Command: "retour forecast"}
}

func noKPI(l Lang) *Missing {
	return &Missing{Message: l.T("missing.kpi"), Command: "retour kpi"}
}

// LoadOperations computes the operations pack for week wk.
func LoadOperations(ctx context.Context, w *warehouse.DB, wk Week, o Options) (*OperationsData, error) {
	o = o.withDefaults()
	l := o.Lang
	runs, err := loadRuns(ctx, w)
	if err != nil {
		return nil, err
	}
	d := &OperationsData{Meta: newMeta("operations", wk, l, runs)}
	if runs.KPI == 0 {
		d.KPIMissing = noKPI(l)
	}
	if d.Tiles, d.Trends, err = loadTiles(ctx, w, runs.KPI, wk, l, []string{"operations", "claims", ""}, o.TrendWeeks); err != nil {
		return nil, err
	}
	steps := []func(context.Context, *warehouse.DB, Week, Options, *OperationsData) error{
		loadProcessing, loadBacklog, loadCostAndDisposition, loadClaims,
	}
	for _, step := range steps {
		if err := step(ctx, w, wk, o, d); err != nil {
			return nil, err
		}
	}
	if runs.Forecast == 0 {
		d.Forecast.Missing = noForecast(l)
		return d, nil
	}
	if err := loadForecastBlock(ctx, w, runs, o, &d.Forecast); err != nil {
		return nil, err
	}
	return d, nil
}

var processingBuckets = []string{"<12 h", "12-24 h", "24-48 h", "48-72 h", "72-96 h", "4-7 d", ">7 d"}

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

func loadProcessing(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l := o.Lang
	sites, err := siteBuckets(ctx, w, "processing time", len(processingBuckets), `
		SELECT site,
		       CASE WHEN h < 12 THEN 0 WHEN h < 24 THEN 1 WHEN h < 48 THEN 2 WHEN h < 72 THEN 3
		            WHEN h < 96 THEN 4 WHEN h < 168 THEN 5 ELSE 6 END,
		       SUM(qty)::DOUBLE
		FROM (SELECT site, qty, processing_hours AS h
		      FROM v_return_lines
		      WHERE processed_ts >= ? AND processed_ts < ? AND processing_hours IS NOT NULL)
		GROUP BY ALL`, wk.Start(), wk.End())
	if err != nil {
		return err
	}
	d.Processing = CategoryChart{
		ID:         "processing",
		Caption:    Caption{Title: l.T("ops.processing"), Definition: l.T("def.processing"), Unit: "units", Source: "return_lines"},
		Categories: bucketLabels(processingBuckets, l),
		Stacked:    true,
		Series:     seriesFromMap(sites, l, "bar"),
	}
	d.ProcessingStats = Table{
		ID:      "processing-stats",
		Caption: Caption{Title: l.T("ops.processing_stats"), Definition: l.Tf("def.processing_stats", l.Number(o.SLAHours, 0)), Unit: "h", Source: "return_lines"},
		Head:    []string{l.T("col.site"), l.T("col.lines"), l.T("col.mean_h"), l.T("col.median_h"), l.T("col.p90_h"), l.Tf("col.over_sla", l.Number(o.SLAHours, 0))},
		Numeric: []bool{false, true, true, true, true, true},
	}
	return queryEach(ctx, w, "processing stats", `
		SELECT site, count(*), avg(h), median(h), quantile_cont(h, 0.9), avg(CASE WHEN h > ? THEN 1.0 ELSE 0.0 END)
		FROM (SELECT site, processing_hours AS h
		      FROM v_return_lines
		      WHERE processed_ts >= ? AND processed_ts < ? AND processing_hours IS NOT NULL)
		GROUP BY ROLLUP (site)
		ORDER BY GROUPING(site), 1`, []any{o.SLAHours, wk.Start(), wk.End()}, func(r *sql.Rows) error {
		var site sql.NullString
		var n int64
		var mean, med, p90, over sql.NullFloat64
		if err := r.Scan(&site, &n, &mean, &med, &p90, &over); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		name := site.String
		if !site.Valid {
			name = l.T("scope.total")
		}
		d.ProcessingStats.Rows = append(d.ProcessingStats.Rows, []string{name, l.Number(float64(n), 0),
			nullNum(l, mean, 1), nullNum(l, med, 1), nullNum(l, p90, 1), nullPct(l, over)})
		return nil
	})
}

var backlogBuckets = []string{"<24 h", "1-3 d", "3-7 d", ">7 d"}

func loadBacklog(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l := o.Lang
	end := wk.End()
	sites, err := siteBuckets(ctx, w, "backlog", len(backlogBuckets), `
		SELECT site,
		       CASE WHEN age < 24 THEN 0 WHEN age < 72 THEN 1 WHEN age < 168 THEN 2 ELSE 3 END,
		       SUM(qty)::DOUBLE
		FROM (SELECT site, qty, date_diff('second', received_ts, ?::TIMESTAMP) / 3600.0 AS age
		      FROM v_return_lines
		      WHERE received_ts < ? AND (processed_ts IS NULL OR processed_ts >= ?))
		GROUP BY ALL`, end, end, end)
	if err != nil {
		return err
	}
	d.Backlog = CategoryChart{
		ID:         "backlog",
		Caption:    Caption{Title: l.T("ops.backlog"), Definition: l.Tf("def.backlog", l.Date(end.AddDate(0, 0, -1))), Unit: "units", Source: "return_lines"},
		Categories: bucketLabels(backlogBuckets, l),
		Stacked:    true,
		Series:     seriesFromMap(sites, l, "bar"),
	}
	return nil
}

func loadCostAndDisposition(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l := o.Lang
	weeks := weekLabels(wk, o.TrendWeeks)
	wi := indexOf(weeks)
	proc := make([]float64, len(weeks))
	tr := make([]float64, len(weeks))
	from := wk.Add(1 - o.TrendWeeks).Start()
	err := queryEach(ctx, w, "cost per unit", `
		SELECT strftime(processed_ts, '%G-W%V'), SUM(COALESCE(processing_cost, 0)) / SUM(qty), SUM(COALESCE(transport_cost, 0)) / SUM(qty)
		FROM return_lines WHERE processed_ts >= ? AND processed_ts < ?
		GROUP BY 1`, []any{from, wk.End()}, func(r *sql.Rows) error {
		var iw string
		var p, t float64
		if err := r.Scan(&iw, &p, &t); err != nil {
			return err
		}
		if i, ok := wi[iw]; ok {
			proc[i], tr[i] = p, t
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.Cost = CategoryChart{
		ID:         "cost",
		Caption:    Caption{Title: l.T("ops.cost"), Definition: l.T("def.cost"), Unit: "EUR", Source: "return_lines"},
		Categories: weeks,
		Stacked:    true,
		Series:     []Series{{Name: l.T("series.processing"), Values: round2(proc)}, {Name: l.T("series.transport"), Values: round2(tr)}},
	}
	disp := map[string][]float64{}
	err = queryEach(ctx, w, "disposition mix", `
		SELECT strftime(processed_ts, '%G-W%V'), COALESCE(disposition, 'unknown'), SUM(qty)::DOUBLE
		FROM return_lines WHERE processed_ts >= ? AND processed_ts < ?
		GROUP BY ALL`, []any{from, wk.End()}, func(r *sql.Rows) error {
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
		Caption:    Caption{Title: l.T("ops.disposition"), Definition: l.T("def.disposition"), Unit: "units", Source: "return_lines"},
		Categories: weeks,
		Stacked:    true,
		Series:     seriesFromMap(disp, l, "bar"),
	}
	return nil
}

func loadClaims(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) error {
	l := o.Lang
	from := wk.Add(1 - o.RecentWeeks).Start()
	end := wk.End()
	byRes := map[string]map[string]float64{}
	types := map[string]bool{}
	err := queryEach(ctx, w, "claims by resolution", `
		SELECT COALESCE(type, 'unknown'), CASE WHEN closed_ts IS NULL OR closed_ts >= ? THEN 'open' ELSE COALESCE(resolution, 'unknown') END, count(*)::DOUBLE
		FROM claims WHERE opened_ts >= ? AND opened_ts < ?
		GROUP BY ALL`, []any{end, from, end}, func(r *sql.Rows) error {
		var typ, res string
		var n float64
		if err := r.Scan(&typ, &res, &n); err != nil {
			return err
		}
		types[typ] = true
		if byRes[res] == nil {
			byRes[res] = map[string]float64{}
		}
		byRes[res][typ] = n
		return nil
	})
	if err != nil {
		return err
	}
	cats := sortedKeys(types)
	series := map[string][]float64{}
	for res, m := range byRes {
		v := make([]float64, len(cats))
		for i, c := range cats {
			v[i] = m[c]
		}
		series[res] = v
	}
	catNames := make([]string, len(cats))
	for i, c := range cats {
		catNames[i] = claimType(l, c)
	}
	d.Claims = CategoryChart{
		ID:         "claims",
		Caption:    Caption{Title: l.T("ops.claims"), Definition: l.Tf("def.claims", o.RecentWeeks), Unit: "n", Source: "claims"},
		Categories: catNames,
		Stacked:    true,
		Series:     seriesFromMap(series, l, "bar"),
	}
	d.ClaimsTable = Table{
		ID:      "claims-table",
		Caption: Caption{Title: l.T("ops.claims_table"), Definition: l.Tf("def.claims_table", o.RecentWeeks), Unit: "n, d, EUR", Source: "claims"},
		Head:    []string{l.T("col.type"), l.T("col.opened"), l.T("col.closed"), l.T("col.open"), l.T("col.median_days"), l.T("col.amount"), l.T("col.top_subtype")},
		Numeric: []bool{false, true, true, true, true, true, false},
	}
	return queryEach(ctx, w, "claims summary", `
		SELECT COALESCE(c.type, 'unknown'), count(*),
		       count(*) FILTER (WHERE closed_ts < ?),
		       count(*) FILTER (WHERE closed_ts IS NULL OR closed_ts >= ?),
		       median(date_diff('second', opened_ts, closed_ts) / 86400.0) FILTER (WHERE closed_ts < ?),
		       COALESCE(SUM(amount), 0),
		       COALESCE(any_value(s.subtype), '')
		FROM claims c
		LEFT JOIN (SELECT COALESCE(type, 'unknown') AS t, first(subtype ORDER BY n DESC, subtype) AS subtype
		           FROM (SELECT type, subtype, count(*) AS n FROM claims
		                 WHERE opened_ts >= ? AND opened_ts < ? AND subtype IS NOT NULL GROUP BY ALL)
		           GROUP BY 1) s ON s.t = COALESCE(c.type, 'unknown')
		WHERE opened_ts >= ? AND opened_ts < ?
		GROUP BY 1 ORDER BY 2 DESC, 1`, []any{end, end, end, from, end, from, end}, func(r *sql.Rows) error {
		var typ, sub string
		var n, closed, open int64
		var med sql.NullFloat64
		var amount float64
		if err := r.Scan(&typ, &n, &closed, &open, &med, &amount, &sub); err != nil {
			return err
		}
		medS := "–"
		if med.Valid {
			medS = l.Number(med.Float64, 1)
		}
		d.ClaimsTable.Rows = append(d.ClaimsTable.Rows, []string{claimType(l, typ), l.Number(float64(n), 0), l.Number(float64(closed), 0),
			l.Number(float64(open), 0), medS, l.Value(amount, "EUR"), l.Name(sub)})
		return nil
	})
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
