package reports

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// ClaimsData is everything the claims pack shows (claims manager). Every
// figure is one kpi stored: the claims KPIs per week, the open claims and
// the recurring causes with the claims behind them.
type ClaimsData struct {
	Meta       Meta                `json:"meta"`
	Needs      map[string]*Missing `json:"needs,omitempty"`
	KPIMissing *Missing            `json:"kpi_missing,omitempty"`
	// Answers are the week's answers on the first screen, each with its id.
	Answers   []Answer      `json:"answers"`
	Open      Table         `json:"open"`
	OpenAge   CategoryChart `json:"open_age"`
	Weekly    CategoryChart `json:"weekly"`
	MixWeekly CategoryChart `json:"mix_weekly"`
	Mix       Table         `json:"mix"`
	Recurring Table         `json:"recurring"`
	Causes    CategoryChart `json:"causes"`
}

// claimAgeBuckets are the open claims' age classes, in days.
var claimAgeBuckets = []struct {
	label string
	upTo  float64
}{{"< 7 d", 7}, {"7-30 d", 30}, {"30-90 d", 90}, {"> 90 d", -1}}

// Answer is one figure of the first screen: a question and its answer.
type Answer struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Value    string `json:"value"`
	Href     string `json:"href,omitempty"`
}

// claimsOpenRows caps the open-claims table (oldest first).
const claimsOpenRows = 50

// LoadClaims computes the claims pack for week wk from the latest KPI run.
func LoadClaims(ctx context.Context, w *warehouse.DB, wk Week, o Options) (*ClaimsData, error) {
	o = o.withDefaults()
	l := o.Lang
	ps, err := startPack(ctx, w, wk, o, "claims")
	if err != nil {
		return nil, err
	}
	runs := ps.runs
	d := &ClaimsData{Meta: ps.meta, Needs: ps.needs}
	if runs.KPI == 0 {
		d.KPIMissing = noKPI(l)
		return d, nil
	}
	if d.Needs["claims-open"] != nil {
		return d, nil
	}
	week, err := claimsWeekly(ctx, w, wk, o, d)
	if err != nil {
		return nil, err
	}
	nOpen, amountOpen, oldest, asOf, err := claimsOpen(ctx, w, o, d)
	if err != nil {
		return nil, err
	}
	nRec, err := claimsRecurring(ctx, w, o, d)
	if err != nil {
		return nil, err
	}
	num := func(k string, dec int) string {
		if v, ok := week[k]; ok && v.Valid {
			return l.Number(v.Float64, dec)
		}
		return "–"
	}
	d.Answers = []Answer{
		{"open", l.Tf("clm.q_open", l.Date(asOf)), l.Number(float64(nOpen), 0) + " · " + l.Value(amountOpen, "EUR"), "#open"},
		{"oldest", l.T("clm.q_oldest"), oldest, "#open"},
		{"opened", l.T("clm.q_opened"), num("claims_opened", 0) + " / " + num("claims_closed", 0), "#weekly"},
		{"median", l.T("clm.q_median"), num("claims_days_to_close_median", 1), "#weekly"},
		{"cost", l.T("clm.q_cost"), l.Value(week["claims_amount"].Float64, "EUR"), "#weekly"},
		{"recurring", l.T("clm.q_recurring"), l.Number(float64(nRec), 0), "#recurring"},
	}
	return d, nil
}

// claimsWeekly draws opened and closed per week, the resolution mix over the
// recent weeks, and returns the week's total values.
func claimsWeekly(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ClaimsData) (map[string]sql.NullFloat64, error) {
	l, run := o.Lang, d.Meta.Runs.KPI
	from := wk.Add(1 - o.RecentWeeks)
	weeks := weekLabels(wk, o.RecentWeeks)
	wi := indexOf(weeks)
	ids := []string{"claims_opened", "claims_closed", "claims_amount", "claims_days_to_close_median"}
	snaps, err := readSnapshots(ctx, w, run, ids, "total", from, wk)
	if err != nil {
		return nil, err
	}
	opened, closed := make([]float64, len(weeks)), make([]float64, len(weeks))
	week := map[string]sql.NullFloat64{}
	for _, s := range snaps {
		if s.Week == wk.String() {
			week[s.KPI] = s.Value
		}
		switch s.KPI {
		case "claims_opened":
			opened[wi[s.Week]] = s.Value.Float64
		case "claims_closed":
			closed[wi[s.Week]] = s.Value.Float64
		}
	}
	d.Weekly = CategoryChart{
		ID:         "claims-weekly",
		Caption:    Caption{Title: l.T("clm.weekly"), Definition: l.Tf("clm.def_weekly", o.RecentWeeks), Unit: "n", Source: kpiSource(run)},
		Categories: weeks,
		Series:     []Series{{Name: l.T("col.opened"), Values: opened}, {Name: l.T("col.closed"), Values: closed}},
	}
	mix, err := readSnapshots(ctx, w, run, []string{"claims_closed"}, "resolution", from, wk)
	if err != nil {
		return nil, err
	}
	sum := map[string]float64{}
	byWeek := map[string][]float64{}
	total := 0.0
	for _, s := range mix {
		sum[s.ScopeValue] += s.Value.Float64
		total += s.Value.Float64
		name := l.T("code." + s.ScopeValue)
		if byWeek[name] == nil {
			byWeek[name] = make([]float64, len(weeks))
		}
		byWeek[name][wi[s.Week]] += s.Value.Float64
	}
	d.MixWeekly = CategoryChart{
		ID:         "claims-mix-weekly",
		Caption:    Caption{Title: l.T("clm.mix_weekly"), Definition: l.Tf("clm.def_mix_weekly", o.RecentWeeks), Unit: "n", Source: kpiSource(run)},
		Categories: weeks,
		Stacked:    true,
		Series:     seriesFromMap(byWeek, l, "bar"),
	}
	d.Mix = Table{
		ID:      "claims-mix",
		Caption: Caption{Title: l.T("clm.mix"), Definition: l.Tf("clm.def_mix", o.RecentWeeks), Unit: "n, %", Source: kpiSource(run)},
		Head:    []string{l.T("clm.col_resolution"), l.T("col.closed"), "%"},
		Numeric: []bool{false, true, true},
	}
	for _, r := range sortedKeys(sum) {
		d.Mix.Rows = append(d.Mix.Rows, []string{l.T("code." + r), l.Number(sum[r], 0), l.Number(100*sum[r]/total, 1)})
	}
	return week, nil
}

// claimsOpen fills the open-claims table, oldest first, and returns their
// count, amount, the oldest's age and the moment they are open at.
func claimsOpen(ctx context.Context, w *warehouse.DB, o Options, d *ClaimsData) (n int, amount float64, oldest string, asOf time.Time, err error) {
	l := o.Lang
	d.Open = Table{
		ID:      "claims-open",
		Head:    []string{l.T("clm.col_claim"), l.T("col.type"), "SKU", l.T("clm.col_carrier"), l.T("clm.col_opened"), l.T("clm.col_age"), l.T("col.amount")},
		Numeric: []bool{false, false, false, false, false, true, true},
	}
	oldest = "–"
	ages := make([]float64, len(claimAgeBuckets))
	err = queryEach(ctx, w, "open claims", `SELECT as_of, claim_id, COALESCE(type, ''), COALESCE(sku, ''), COALESCE(carrier, ''), opened_ts, age_days, amount
		FROM kpi_claims_open WHERE run_id = ? ORDER BY age_days DESC, claim_id`, []any{d.Meta.Runs.KPI}, func(r *sql.Rows) error {
		var id, typ, sku, carrier string
		var opened time.Time
		var age float64
		var amt sql.NullFloat64
		if err := r.Scan(&asOf, &id, &typ, &sku, &carrier, &opened, &age, &amt); err != nil {
			return err
		}
		if n == 0 {
			oldest = l.Value(age, "d") + " (" + id + ")"
		}
		n++
		amount += amt.Float64
		for i, b := range claimAgeBuckets {
			if age < b.upTo || b.upTo < 0 {
				ages[i]++
				break
			}
		}
		if n <= claimsOpenRows {
			d.Open.Rows = append(d.Open.Rows, []string{id, claimType(l, typ), sku, carrier, l.Date(opened), l.Number(age, 0), nullNum(l, amt, 2)})
		}
		return nil
	})
	d.Open.Caption = Caption{Title: l.T("clm.open"), Definition: l.Tf("clm.def_open", l.Date(asOf), claimsOpenRows), Unit: "d, EUR",
		Source: "kpi_claims_open, run " + strconv.FormatInt(d.Meta.Runs.KPI, 10)}
	labels := make([]string, len(claimAgeBuckets))
	for i, b := range claimAgeBuckets {
		labels[i] = b.label
	}
	d.OpenAge = CategoryChart{
		ID:         "claims-open-age",
		Caption:    Caption{Title: l.T("clm.open_age"), Definition: l.Tf("clm.def_open_age", l.Date(asOf)), Unit: "n", Source: d.Open.Source},
		Categories: bucketLabels(labels, l),
		Series:     []Series{{Name: l.T("clm.open_h"), Values: ages}},
	}
	return n, amount, oldest, asOf, err
}

// claimsRecurring fills the recurring-causes table with the claims behind
// each cause and returns how many causes there are.
func claimsRecurring(ctx context.Context, w *warehouse.DB, o Options, d *ClaimsData) (int, error) {
	l, run := o.Lang, d.Meta.Runs.KPI
	d.Recurring = Table{
		ID: "claims-recurring",
		Caption: Caption{Title: l.T("clm.recurring"), Definition: l.T("clm.def_recurring"), Unit: "n, EUR",
			Source: "kpi_claims_recurring, kpi_claims_recurring_claims, run " + strconv.FormatInt(run, 10)},
		Head:    []string{l.T("clm.col_cause"), l.T("clm.col_key"), l.T("clm.col_claims"), l.T("col.amount"), l.T("col.type"), l.T("clm.col_behind")},
		Numeric: []bool{false, false, true, true, false, false},
	}
	n := 0
	causes := CategoryChart{
		ID:         "claims-causes",
		Caption:    Caption{Title: l.T("clm.causes"), Definition: l.T("clm.def_causes"), Unit: "n", Source: d.Recurring.Source},
		Horizontal: true,
	}
	var counts []float64
	err := queryEach(ctx, w, "recurring causes", `SELECT r.key_type, r.key, r.claims_recent, r.amount_recent, COALESCE(r.top_type, ''),
		COALESCE(string_agg(c.claim_id, ', ' ORDER BY c.opened_ts, c.claim_id), '')
		FROM kpi_claims_recurring r LEFT JOIN kpi_claims_recurring_claims c
		  ON c.run_id = r.run_id AND c.key_type = r.key_type AND c.key = r.key
		WHERE r.run_id = ? GROUP BY ALL ORDER BY r.claims_recent DESC, r.key_type DESC, r.key`, []any{run}, func(r *sql.Rows) error {
		var kt, key, typ, behind string
		var cnt int64
		var amt sql.NullFloat64
		if err := r.Scan(&kt, &key, &cnt, &amt, &typ, &behind); err != nil {
			return err
		}
		n++
		causes.Categories = append(causes.Categories, key)
		counts = append(counts, float64(cnt))
		d.Recurring.Rows = append(d.Recurring.Rows, []string{l.T("clm.key_" + kt), key, strconv.FormatInt(cnt, 10), nullNum(l, amt, 2),
			claimType(l, typ), strings.TrimSpace(behind)})
		return nil
	})
	causes.Series = []Series{{Name: l.T("clm.col_claims"), Values: counts}}
	d.Causes = causes
	return n, err
}
