package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"

	"github.com/retour-analytics/retour/warehouse"
)

// summaryMaxKPIs and summaryMinKPIs bound the KPI moves the executive
// summary names: the largest relative changes against last week.
const (
	summaryMinKPIs = 3
	summaryMaxKPIs = 6
	// summaryWeeks is the horizon of "what is coming": the next four
	// forecast weeks against the last four actual ones.
	summaryWeeks = 4
	// summaryMaxAlerts caps the active alerts named, those with the most
	// returns above the usual share first; a sentence counts the others.
	summaryMaxAlerts = 5
)

// Summary is the executive summary at the top of the operations pack: a
// few sentences, each linking to the section that shows its figure, and
// the contents bar of the pack.
type Summary struct {
	Items    []SummaryItem `json:"items"`
	Contents []Link        `json:"contents"`
}

// SummaryItem is one sentence of the summary. Kind is "good", "bad" or ""
// (neutral); Href the section (#anchor) or pack page that shows it.
type SummaryItem struct {
	Kind string `json:"kind,omitempty"`
	Text string `json:"text"`
	Href string `json:"href"`
}

// buildSummary writes the summary of d from what the pack loaded (tiles,
// forecast) and, when the pack has a forecast run, its staffing need and
// the reason alerts active in week wk. Sections the data does not support
// give no sentence.
func buildSummary(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *OperationsData) (Summary, error) {
	l := o.Lang
	var s Summary
	if it, ok := bandSentence(l, d.Tiles); ok {
		s.Items = append(s.Items, it)
	}
	s.Items = append(s.Items, kpiMoves(l, d.Tiles)...)
	if len(d.Forecast.Total) > 0 && d.Forecast.Missing == nil {
		if it, ok := forecastSentence(l, d.Forecast.Total[0]); ok {
			s.Items = append(s.Items, it)
		}
		if d.Needs["workload"] == nil {
			it, ok, err := staffingSentence(ctx, w, d.Meta.Runs.Forecast, o)
			if err != nil {
				return s, err
			}
			if ok {
				s.Items = append(s.Items, it)
			}
		}
	}
	if d.Meta.Runs.Forecast != 0 && d.Needs["forecast"] == nil {
		alerts, err := loadReasonAlerts(ctx, w, d.Meta.Runs.Forecast, wk, o)
		if err != nil {
			return s, err
		}
		named, more := 0, 0
		for _, a := range alerts {
			switch {
			case !a.Active:
			case named < summaryMaxAlerts:
				s.Items = append(s.Items, SummaryItem{Kind: "bad", Text: alertSentence(l, a), Href: "reasons.html#alerts"})
				named++
			default:
				more++
			}
		}
		if more > 0 {
			s.Items = append(s.Items, SummaryItem{Text: l.Tf("sum.alerts_more", more), Href: "reasons.html#alerts"})
		}
	}
	s.Contents = operationsContents(l, d)
	return s, nil
}

// kpiMoves names the KPIs that moved most against last week (relative
// change), with whether the move is good news and the band when one exists.
// A provisional value (the week's data still arriving) comes after every
// settled one and says it is provisional.
func kpiMoves(l Lang, tiles []Tile) []SummaryItem {
	type move struct {
		t   Tile
		rel float64
	}
	var moves []move
	for _, t := range tiles {
		if t.Value == nil || t.Prev == nil || t.Change == nil || *t.Prev == 0 || *t.Change == 0 || t.Trend() == "" {
			continue
		}
		moves = append(moves, move{t, *t.Change / math.Abs(*t.Prev)})
	}
	sort.SliceStable(moves, func(i, j int) bool {
		if moves[i].t.Provisional != moves[j].t.Provisional {
			return !moves[i].t.Provisional
		}
		return math.Abs(moves[i].rel) > math.Abs(moves[j].rel)
	})
	if len(moves) > summaryMaxKPIs {
		moves = moves[:summaryMaxKPIs]
	}
	var out []SummaryItem
	for _, m := range moves {
		t := m.t
		chg := signed(l, 100*m.rel) + " %"
		if t.Unit == "%" { // a change of a rate is in percentage points
			chg = signed(l, *t.Change) + l.PP()
		}
		text := l.Tf("sum.kpi", t.Name, l.Value(*t.Value, t.Unit), chg, l.Value(*t.Prev, t.Unit), l.T("sum.trend."+t.Trend()))
		for _, b := range t.Bench {
			if b.Low != nil && b.High != nil && b.Status != "" {
				text += " " + l.Tf("sum.band", l.Value(*b.Low, t.Unit), l.Value(*b.High, t.Unit), l.T("bench."+b.Status))
				break
			}
		}
		if t.Provisional {
			text += " " + l.T("sum.provisional")
		}
		out = append(out, SummaryItem{Kind: t.Trend(), Text: text, Href: "#kpi-" + t.ID})
	}
	return out
}

func signed(l Lang, v float64) string {
	s := l.Number(v, 1)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// forecastSentence compares the forecast returns of the next four weeks
// with the actual returns of the last four, with next week's 80 % interval
// and the four weekly 80 % bounds summed.
func forecastSentence(l Lang, c BandChart) (SummaryItem, bool) {
	var next, lo, hi, last float64
	var nNext, nLast int
	first := -1
	for i := range c.Weeks {
		if c.Actual[i] == nil && c.Mean[i] != nil && nNext < summaryWeeks {
			if first < 0 {
				first = i
			}
			next += *c.Mean[i]
			if c.Lo80[i] != nil && c.Hi80[i] != nil {
				lo += *c.Lo80[i]
				hi += *c.Hi80[i]
			}
			nNext++
		}
	}
	for i := len(c.Weeks) - 1; i >= 0 && nLast < summaryWeeks; i-- {
		if c.Actual[i] != nil {
			last += *c.Actual[i]
			nLast++
		}
	}
	if nNext < summaryWeeks || nLast < summaryWeeks || first < 0 || c.Lo80[first] == nil || c.Hi80[first] == nil {
		return SummaryItem{}, false
	}
	change := "–"
	if last > 0 {
		change = signed(l, 100*(next-last)/last) + " %"
	}
	text := l.Tf("sum.forecast", l.Number(next, 0), change, l.Number(last, 0),
		l.Number(*c.Mean[first], 0), l.Number(*c.Lo80[first], 0), l.Number(*c.Hi80[first], 0), l.Number(lo, 0), l.Number(hi, 0))
	return SummaryItem{Text: text, Href: "#forecast"}, true
}

// staffingSentence sums next week's workload forecast over the sites, in
// hours and full-time staff.
func staffingSentence(ctx context.Context, w *warehouse.DB, run int64, o Options) (SummaryItem, bool, error) {
	var hours, lo, hi sql.NullFloat64
	var iw sql.NullString
	err := w.QueryRow(ctx, `
		SELECT iso_week, SUM(hours), SUM(hours_lo80), SUM(hours_hi80) FROM workload_forecasts
		WHERE run_id = ? AND week_start = (SELECT min(week_start) FROM workload_forecasts WHERE run_id = ?)
		GROUP BY iso_week`, run, run).Scan(&iw, &hours, &lo, &hi)
	if err == sql.ErrNoRows || (err == nil && !hours.Valid) {
		return SummaryItem{}, false, nil
	}
	if err != nil {
		return SummaryItem{}, false, fmt.Errorf("summary workload, run %d: %w", run, err)
	}
	l := o.Lang
	text := l.Tf("sum.staffing", iw.String, l.Number(hours.Float64, 0), l.Number(hours.Float64/o.HoursPerFTE, 1), l.Number(o.HoursPerFTE, 0))
	if lo.Valid && hi.Valid {
		text += " " + l.Tf("sum.staffing_pi", l.Number(lo.Float64, 0), l.Number(hi.Float64, 0))
	}
	if have, known := capacityTotal(o.CapacityFTE); known {
		need := hours.Float64 / o.HoursPerFTE
		key := "sum.capacity_ok"
		if need > have {
			key = "sum.capacity_short"
		}
		text += " " + l.Tf(key, l.Number(have, 1), l.Number(abs(need-have), 1))
	} else {
		text += " " + l.T("ops.capacity_unknown")
	}
	return SummaryItem{Text: text, Href: "#workload"}, true, nil
}

// alertSentence says an alert in words: the reason's share now against
// its usual share, since when, and the key's volume.
func alertSentence(l Lang, a ReasonAlert) string {
	key := a.Key
	if a.Name != "" {
		key += " (" + a.Name + ")"
	}
	if a.Level == "category" {
		key = l.Tf("sum.category", l.Name(a.Key))
	}
	return l.Tf("sum.alert", key, alertWords(l, a), pct(l, 100*a.Current), pct(l, 100*a.Usual),
		l.Number(float64(a.Units), 0), alertCurrentWeeks)
}

// operationsContents is the contents bar: the pack's sections, in page order.
func operationsContents(l Lang, d *OperationsData) []Link {
	out := []Link{{Name: l.T("sum.title"), Href: "#summary"}, {Name: l.T("ops.kpis"), Href: "#kpis"}}
	if len(d.Trends) > 0 {
		out = append(out, Link{Name: l.T("ops.trends"), Href: "#trends"})
	}
	out = append(out, Link{Name: l.T("ops.flow"), Href: "#processing"}, Link{Name: l.T("ops.cost_disp"), Href: "#cost"},
		Link{Name: l.T("ops.forecast"), Href: "#forecast"})
	if d.Forecast.Missing == nil {
		out = append(out, Link{Name: l.T("ops.workload_h"), Href: "#workload"}, Link{Name: l.T("ops.top_skus_h"), Href: "#top-skus"})
	}
	return append(out, Link{Name: l.T("ops.claims_h"), Href: "#claims"})
}
