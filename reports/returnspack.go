package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// ReturnsData is everything the returns-operations pack shows (reverse-
// logistics manager). Every figure is one kpi stored per week and scope
// (kpi_snapshots) or the carbon facts' units per disposition; nothing is
// recomputed here.
type ReturnsData struct {
	Meta       Meta                `json:"meta"`
	Needs      map[string]*Missing `json:"needs,omitempty"`
	KPIMissing *Missing            `json:"kpi_missing,omitempty"`
	// Answers are the week's answers on the first screen, each with its link.
	Answers        []Answer      `json:"answers"`
	Dispositions   CategoryChart `json:"dispositions"`
	DispositionMix Table         `json:"disposition_mix"`
	Refurb         Table         `json:"refurb"`
	Stages         CategoryChart `json:"stages"`
	StageTable     Table         `json:"stage_table"`
	Stock          CategoryChart `json:"stock"`
	StockTable     Table         `json:"stock_table"`
	SiteCost       Table         `json:"site_cost"`
	Carriers       Table         `json:"carriers"`
	CarrierChart   CategoryChart `json:"carrier_chart"`
	// worstCarrier is the carrier with the highest damaged-in-transit rate.
	worstCarrier string
	// sectorBands counts the sectors' refurbishment rates per band status.
	sectorBands map[string]int
}

// scoped is one stored KPI value of the report week with its band.
type scoped struct {
	Value, Denominator sql.NullFloat64
	Low, High          sql.NullFloat64
	Status, Source     string
}

// weekScopes reads the stored values of the KPIs for week wk in one scope:
// scope value -> KPI -> value, and the scope values in name order.
func weekScopes(ctx context.Context, w *warehouse.DB, run int64, wk Week, scope string, ids []string) (map[string]map[string]scoped, []string, error) {
	out := map[string]map[string]scoped{}
	var order []string
	if run == 0 || len(ids) == 0 {
		return out, nil, nil
	}
	args := []any{run, scope, wk.Start()}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	err := queryEach(ctx, w, scope+" values "+strings.Join(ids, ", "), `
		SELECT scope_value, kpi_id, value, denominator, benchmark_low, benchmark_high,
		       COALESCE(benchmark_status, ''), COALESCE(benchmark_source, '')
		FROM kpi_snapshots WHERE run_id = ? AND scope = ? AND week_start = ? AND kpi_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY scope_value, kpi_id`, args, func(r *sql.Rows) error {
		var sv, id string
		var s scoped
		if err := r.Scan(&sv, &id, &s.Value, &s.Denominator, &s.Low, &s.High, &s.Status, &s.Source); err != nil {
			return err
		}
		if out[sv] == nil {
			out[sv] = map[string]scoped{}
			order = append(order, sv)
		}
		out[sv][id] = s
		return nil
	})
	return out, order, err
}

// returnsSteps are the pack's sections in page order, each with its loader.
var returnsSteps = []struct {
	id   string
	load func(context.Context, *warehouse.DB, Week, Options, *ReturnsData) error
}{
	{"ret-dispositions", loadRetDispositions},
	{"ret-refurb", loadRetRefurb},
	{"ret-stages", loadRetStages},
	{"ret-stock", loadRetStock},
	{"ret-sites", loadRetSites},
	{"ret-carriers", loadRetCarriers},
}

// LoadReturns computes the returns-operations pack for week wk from the
// latest KPI run; a section whose fields the data lacks says what to map.
func LoadReturns(ctx context.Context, w *warehouse.DB, wk Week, o Options) (*ReturnsData, error) {
	o = o.withDefaults()
	ps, err := startPack(ctx, w, wk, o, "returns")
	if err != nil {
		return nil, err
	}
	d := &ReturnsData{Meta: ps.meta, Needs: ps.needs}
	if ps.runs.KPI == 0 {
		d.KPIMissing = noKPI(o.Lang)
		return d, nil
	}
	for _, step := range returnsSteps {
		if d.Needs[step.id] != nil {
			continue
		}
		if err := step.load(ctx, w, wk, o, d); err != nil {
			return nil, err
		}
	}
	return d, returnsAnswers(ctx, w, wk, o, d)
}

// returnsAnswers are the week's figures the manager asks first, each
// linking to its section.
func returnsAnswers(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l := o.Lang
	ids := []string{"returned_units", "refurbishment_rate", "processing_time_median", "backlog_units", "backlog_value",
		"backlog_gt7d", "cost_per_unit", "km_per_unit"}
	tot, _, err := weekScopes(ctx, w, d.Meta.Runs.KPI, wk, "total", ids)
	if err != nil {
		return err
	}
	t := tot[""]
	num := func(id string, dec int) string { return nullNum(l, t[id].Value, dec) }
	val := func(id, unit string) string {
		if v := t[id].Value; v.Valid {
			return l.Value(v.Float64, unit)
		}
		return "–"
	}
	refurb := num("refurbishment_rate", 1)
	if r := t["refurbishment_rate"]; r.Value.Valid {
		refurb += " %" + bandNote(l, r, d.sectorBands)
	}
	add := func(id, q, v, href string) {
		if d.Needs[strings.TrimPrefix(href, "#")] == nil {
			d.Answers = append(d.Answers, Answer{ID: id, Question: q, Value: v, Href: href})
		}
	}
	add("received", l.T("ret.q_received"), num("returned_units", 0), "#ret-sites")
	add("refurb", l.T("ret.q_refurb"), refurb, "#ret-refurb")
	add("time", l.T("ret.q_time"), val("processing_time_median", "h"), "#ret-stages")
	add("stock", l.Tf("ret.q_stock", l.Date(wk.End().AddDate(0, 0, -1))), num("backlog_units", 0)+" · "+val("backlog_value", "EUR"), "#ret-stock")
	add("old", l.T("ret.q_old"), num("backlog_gt7d", 0), "#ret-stock")
	add("cost", l.T("ret.q_cost"), val("cost_per_unit", "EUR")+" · "+val("km_per_unit", "km"), "#ret-sites")
	if d.worstCarrier != "" {
		add("carrier", l.T("ret.q_carrier"), d.worstCarrier, "#ret-carriers")
	}
	return nil
}

// bandNote says where a value stands against its band: " (band 20–35 %,
// within band)"; without a band of its own, how its sectors stand against
// theirs (" (sectors: 1 within band, 1 worse than band)"), else " (no sourced band)".
func bandNote(l Lang, s scoped, sectors map[string]int) string {
	if !s.Low.Valid || !s.High.Valid {
		var parts []string
		for _, st := range []string{"worse", "within", "better"} {
			if n := sectors[st]; n > 0 {
				parts = append(parts, l.Number(float64(n), 0)+" "+l.T("bench."+st))
			}
		}
		if len(parts) > 0 {
			return " (" + l.T("ret.sectors") + l.Colon() + strings.Join(parts, ", ") + ")"
		}
		return " (" + l.T("ret.no_band") + ")"
	}
	return " (" + l.Tf("ret.band", l.Number(s.Low.Float64, 0), l.Number(s.High.Float64, 0), l.T("bench."+s.Status)) + ")"
}

// bandSource names the band's source, or says the band is unsourced.
func bandSource(l Lang, s scoped) string {
	switch {
	case !s.Low.Valid:
		return l.T("ret.no_band")
	case s.Source == "" || strings.Contains(strings.ToLower(s.Source), "unsourced"):
		return l.T("ret.unsourced")
	}
	return l.Source(s.Source)
}

// bandCell is "20–35 (within)" or "–".
func bandCell(l Lang, s scoped) string {
	if !s.Low.Valid || !s.High.Valid {
		return "–"
	}
	out := l.Number(s.Low.Float64, 1) + "–" + l.Number(s.High.Float64, 1)
	if s.Status != "" {
		out += " (" + l.T("bench."+s.Status) + ")"
	}
	return out
}

// loadRetDispositions draws the units processed per disposition and week
// from the carbon facts kpi wrote, and this week's mix beside the recent weeks'.
func loadRetDispositions(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.Carbon
	weeks := weekLabels(wk, o.TrendWeeks)
	wi := indexOf(weeks)
	recent := map[string]bool{}
	for _, s := range weekLabels(wk, o.RecentWeeks) {
		recent[s] = true
	}
	disp := map[string][]float64{}
	week, rec := map[string]float64{}, map[string]float64{}
	var wTot, rTot float64
	err := queryEach(ctx, w, "disposition mix", `
		SELECT iso_week, COALESCE(disposition, 'unknown'), SUM(units)::DOUBLE
		FROM carbon_facts WHERE run_id = ? AND week_start >= ? AND week_start <= ?
		GROUP BY ALL ORDER BY 1, 2`, []any{run, wk.Add(1 - o.TrendWeeks).Start(), wk.Start()}, func(r *sql.Rows) error {
		var iw, dp string
		var n float64
		if err := r.Scan(&iw, &dp, &n); err != nil {
			return err
		}
		if disp[dp] == nil {
			disp[dp] = make([]float64, len(weeks))
		}
		disp[dp][wi[iw]] = n
		if iw == wk.String() {
			week[dp] += n
			wTot += n
		}
		if recent[iw] {
			rec[dp] += n
			rTot += n
		}
		return nil
	})
	if err != nil {
		return err
	}
	src := fmt.Sprintf("carbon_facts, run %d", run)
	d.Dispositions = CategoryChart{
		ID:         "ret-dispositions",
		Caption:    Caption{Title: l.T("ret.dispositions"), Definition: l.Tf("ret.def_dispositions", o.TrendWeeks), Unit: "units", Source: src},
		Categories: weeks, Stacked: true, Series: seriesFromMap(disp, l, "bar"),
	}
	d.DispositionMix = Table{
		ID:      "ret-disposition-mix",
		Caption: Caption{Title: l.T("ret.disposition_mix"), Definition: l.Tf("ret.def_disposition_mix", o.RecentWeeks), Unit: "units, %", Source: src},
		Head:    []string{l.T("ret.col_disposition"), l.T("ret.col_units_week"), l.T("ret.col_share_week"), l.Tf("ret.col_share_recent", o.RecentWeeks)},
		Numeric: []bool{false, true, true, true},
	}
	keys := sortedKeys(rec)
	sort.SliceStable(keys, func(i, j int) bool { return rec[keys[i]] > rec[keys[j]] })
	for _, k := range keys {
		d.DispositionMix.Rows = append(d.DispositionMix.Rows, []string{l.Name(k), l.Number(week[k], 0),
			share(l, week[k], wTot), share(l, rec[k], rTot)})
	}
	return nil
}

// share is 100 * n / total with one decimal and a %, or "–".
func share(l Lang, n, total float64) string {
	if total <= 0 {
		return "–"
	}
	return l.Number(100*n/total, 1) + " %"
}

// loadRetRefurb tabulates the refurbishment rate and success rate of the
// week overall, per sector and per category, each against its band.
func loadRetRefurb(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	ids := []string{"refurbishment_rate", "refurbishment_success_rate"}
	d.Refurb = Table{
		ID:      "ret-refurb",
		Caption: Caption{Title: l.T("ret.refurb"), Definition: l.T("ret.def_refurb"), Unit: "%", Source: kpiSource(run) + ", kpi_benchmarks"},
		Head: []string{l.T("ret.col_scope"), l.T("ret.col_units"), l.T("ret.col_refurb"), l.T("ret.col_band"), l.T("ret.col_band_source"),
			l.T("ret.col_success"), l.T("ret.col_band"), l.T("ret.col_band_source")},
		Numeric: []bool{false, true, true, true, false, true, true, false},
	}
	d.sectorBands = map[string]int{}
	for _, scope := range []string{"total", "sector", "category"} {
		vals, order, err := weekScopes(ctx, w, run, wk, scope, ids)
		if err != nil {
			return err
		}
		for _, sv := range order {
			r, s := vals[sv]["refurbishment_rate"], vals[sv]["refurbishment_success_rate"]
			if scope == "sector" && r.Status != "" {
				d.sectorBands[r.Status]++
			}
			name := l.T("scope.total")
			if scope != "total" {
				name = l.T("ret.scope_"+scope) + l.Colon() + l.Name(sv)
			}
			d.Refurb.Rows = append(d.Refurb.Rows, []string{name, nullNum(l, r.Denominator, 0),
				nullNum(l, r.Value, 1), bandCell(l, r), bandSource(l, r), nullNum(l, s.Value, 1), bandCell(l, s), bandSource(l, s)})
		}
	}
	return nil
}

// loadRetStages draws the median hours of each stage (receipt to
// inspection, inspection to disposition) per site and the stage table.
func loadRetStages(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	ids := []string{"processing_time_mean", "processing_time_median", "processing_time_p90", "stage_inspection_median",
		"stage_disposition_median", "stage_inspection_mean", "stage_disposition_mean"}
	src := kpiSource(run)
	d.Stages = CategoryChart{
		ID:      "ret-stages",
		Caption: Caption{Title: l.T("ret.stages"), Definition: l.T("ret.def_stages"), Unit: "h", Source: src},
		Stacked: true, Horizontal: true,
	}
	d.StageTable = Table{
		ID:      "ret-stage-table",
		Caption: Caption{Title: l.T("ret.stage_table"), Definition: l.T("ret.def_stage_table"), Unit: "h", Source: src},
		Head: []string{l.T("col.site"), l.T("col.lines"), l.T("ret.col_ri_median"), l.T("ret.col_id_median"), l.T("col.median_h"),
			l.T("col.p90_h"), l.T("col.mean_h")},
		Numeric: []bool{false, true, true, true, true, true, true},
	}
	sites, order, err := weekScopes(ctx, w, run, wk, "site", ids)
	if err != nil {
		return err
	}
	tot, _, err := weekScopes(ctx, w, run, wk, "total", ids)
	if err != nil {
		return err
	}
	ri, id := make([]float64, len(order)), make([]float64, len(order))
	for i, s := range order {
		d.Stages.Categories = append(d.Stages.Categories, l.Name(s))
		ri[i], id[i] = sites[s]["stage_inspection_median"].Value.Float64, sites[s]["stage_disposition_median"].Value.Float64
	}
	if len(order) > 0 {
		d.Stages.Series = []Series{{Name: l.T("ret.col_ri_median"), Values: round2(ri)}, {Name: l.T("ret.col_id_median"), Values: round2(id)}}
	}
	row := func(name string, v map[string]scoped) []string {
		return []string{name, nullNum(l, v["processing_time_median"].Denominator, 0), nullNum(l, v["stage_inspection_median"].Value, 1),
			nullNum(l, v["stage_disposition_median"].Value, 1), nullNum(l, v["processing_time_median"].Value, 1),
			nullNum(l, v["processing_time_p90"].Value, 1), nullNum(l, v["processing_time_mean"].Value, 1)}
	}
	for _, s := range order {
		d.StageTable.Rows = append(d.StageTable.Rows, row(l.Name(s), sites[s]))
	}
	if t, ok := tot[""]; ok {
		d.StageTable.Rows = append(d.StageTable.Rows, row(l.T("scope.total"), t))
	}
	return nil
}

// stockKPIs are the stock awaiting processing: units, value, the age buckets.
var stockKPIs = append([]string{"backlog_units", "backlog_value"}, backlogKPIs...)

// loadRetStock draws the stock of returns awaiting processing at the end of
// the week per site (age buckets) and tabulates it per site and per
// disposition stage: units, value and age.
func loadRetStock(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	src := kpiSource(run)
	end := l.Date(wk.End().AddDate(0, 0, -1))
	d.Stock = CategoryChart{
		ID:         "ret-stock",
		Caption:    Caption{Title: l.T("ret.stock"), Definition: l.Tf("ret.def_stock", end), Unit: "units", Source: src},
		Categories: bucketLabels(backlogBuckets, l), Stacked: true,
	}
	head := []string{l.T("ret.col_where"), l.T("ret.col_units"), l.T("ret.col_value")}
	num := []bool{false, true, true}
	for _, b := range bucketLabels(backlogBuckets, l) {
		head, num = append(head, b), append(num, true)
	}
	d.StockTable = Table{
		ID:      "ret-stock-table",
		Caption: Caption{Title: l.T("ret.stock_table"), Definition: l.Tf("ret.def_stock_table", end), Unit: "units, EUR", Source: src},
		Head:    head, Numeric: num,
	}
	bySite := map[string][]float64{}
	for _, scope := range []string{"site", "disposition", "total"} {
		vals, order, err := weekScopes(ctx, w, run, wk, scope, stockKPIs)
		if err != nil {
			return err
		}
		for _, sv := range order {
			v := vals[sv]
			name := l.T("scope.total")
			if scope != "total" {
				name = l.T("ret.scope_"+scope) + l.Colon() + l.Name(sv)
			}
			row := []string{name, nullNum(l, v["backlog_units"].Value, 0), nullNum(l, v["backlog_value"].Value, 0)}
			ages := make([]float64, len(backlogKPIs))
			for i, id := range backlogKPIs {
				row = append(row, nullNum(l, orZero(v[id].Value), 0))
				ages[i] = v[id].Value.Float64
			}
			if scope == "site" {
				bySite[sv] = ages
			}
			d.StockTable.Rows = append(d.StockTable.Rows, row)
		}
	}
	d.Stock.Series = seriesFromMap(bySite, l, "bar")
	return nil
}

// orZero reads a missing age bucket as 0 units (kpi stores a bucket with
// units only).
func orZero(v sql.NullFloat64) sql.NullFloat64 {
	v.Valid = true
	return v
}

// loadRetSites tabulates km and cost per returned unit per site.
func loadRetSites(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	ids := []string{"returned_units", "km_per_unit", "cost_per_unit", "cost_transport_per_unit", "cost_processing_per_unit"}
	d.SiteCost = Table{
		ID:      "ret-site-cost",
		Caption: Caption{Title: l.T("ret.site_cost"), Definition: l.T("ret.def_site_cost"), Unit: "units, km, EUR", Source: kpiSource(run)},
		Head: []string{l.T("col.site"), l.T("ret.col_received"), l.T("ret.col_km"), l.T("ret.col_cost"), l.T("ret.col_cost_transport"),
			l.T("ret.col_cost_processing")},
		Numeric: []bool{false, true, true, true, true, true},
	}
	_, _, err := scopeRows(ctx, w, run, wk, "site", ids, []int{0, 1, 2, 2, 2}, l, &d.SiteCost)
	return err
}

// carrierKPIs are the carrier scorecard's columns, in order.
var carrierKPIs = []string{"returned_units", "cost_transport_per_unit", "co2_transport_per_unit", "return_lead_time_days",
	"damaged_in_transit_rate", "claims_per_1000_units"}

// loadRetCarriers is the carrier scorecard: units, cost and CO2 per unit,
// lead time, damaged-in-transit rate and claims per 1,000 units.
func loadRetCarriers(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReturnsData) error {
	l, run := o.Lang, d.Meta.Runs.KPI
	d.Carriers = Table{
		ID:      "ret-carriers",
		Caption: Caption{Title: l.T("ret.carriers"), Definition: l.T("ret.def_carriers"), Unit: "units, EUR, kgCO2e, d, %", Source: kpiSource(run)},
		Head: []string{l.T("clm.col_carrier"), l.T("ret.col_received"), l.T("ret.col_cost_transport"), l.T("ret.col_co2"),
			l.T("ret.col_lead"), l.T("ret.col_damaged"), l.T("ret.col_claims")},
		Numeric: []bool{false, true, true, true, true, true, true},
	}
	vals, order, err := scopeRows(ctx, w, run, wk, "carrier", carrierKPIs, []int{0, 2, 2, 1, 1, 2}, l, &d.Carriers)
	if err != nil {
		return err
	}
	d.worstCarrier = worstCarrier(l, vals, order)
	d.CarrierChart = CategoryChart{
		ID:         "ret-carrier-chart",
		Caption:    Caption{Title: l.T("ret.carrier_chart"), Definition: l.T("ret.def_carrier_chart"), Unit: "%", Source: kpiSource(run)},
		Horizontal: true,
	}
	damaged := make([]float64, 0, len(order))
	for _, c := range order {
		d.CarrierChart.Categories = append(d.CarrierChart.Categories, l.Name(c))
		damaged = append(damaged, vals[c]["damaged_in_transit_rate"].Value.Float64)
	}
	if len(order) > 0 {
		d.CarrierChart.Series = []Series{{Name: l.T("ret.col_damaged"), Values: round2(damaged)}}
	}
	return nil
}

// scopeRows fills t with one row per scope value (then the total): the
// KPIs' values with the given decimals, rows by the first KPI, largest
// first. It returns the values it read and the scope values in row order.
func scopeRows(ctx context.Context, w *warehouse.DB, run int64, wk Week, scope string, ids []string, dec []int, l Lang, t *Table) (map[string]map[string]scoped, []string, error) {
	vals, order, err := weekScopes(ctx, w, run, wk, scope, ids)
	if err != nil {
		return nil, nil, err
	}
	tot, _, err := weekScopes(ctx, w, run, wk, "total", ids)
	if err != nil {
		return nil, nil, err
	}
	row := func(name string, v map[string]scoped) []string {
		r := []string{name}
		for i, id := range ids {
			r = append(r, nullNum(l, v[id].Value, dec[i]))
		}
		return r
	}
	sort.SliceStable(order, func(i, j int) bool {
		return vals[order[i]][ids[0]].Value.Float64 > vals[order[j]][ids[0]].Value.Float64
	})
	for _, sv := range order {
		t.Rows = append(t.Rows, row(l.Name(sv), vals[sv]))
	}
	if v, ok := tot[""]; ok {
		t.Rows = append(t.Rows, row(l.T("scope.total"), v))
	}
	return vals, order, nil
}

// worstCarrier names the carrier with the highest damaged-in-transit rate
// of the week, with the rate, or "" when none is stored.
func worstCarrier(l Lang, vals map[string]map[string]scoped, order []string) string {
	worst, best := "", -1.0
	for _, c := range order {
		if v := vals[c]["damaged_in_transit_rate"].Value; v.Valid && v.Float64 > best {
			worst, best = l.Name(c)+" · "+l.Number(v.Float64, 1)+" %", v.Float64
		}
	}
	return worst
}
