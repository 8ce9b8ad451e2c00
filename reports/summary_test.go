package reports

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestSummaryNumbersEqualStageTables: every figure of the executive summary
// is the one the stages stored (kpi_snapshots, forecasts, workload_forecasts,
// reason_alerts), the KPIs are those that moved most, only active alerts are
// named, and each sentence links to its section.
func TestSummaryNumbersEqualStageTables(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	d, err := LoadOperations(ctx, w, testWeek, testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	l := English
	s := d.Summary
	var kpis, rest []SummaryItem
	for _, it := range s.Items {
		if strings.HasPrefix(it.Text, "Worst against its band") || strings.HasPrefix(it.Text, "No KPI is worse") {
			continue // the band line (bandsummary_test.go, readers_test.go)
		}
		if strings.HasPrefix(it.Href, "#kpi-") {
			kpis = append(kpis, it)
		} else {
			rest = append(rest, it)
		}
	}
	if len(kpis) < summaryMinKPIs || len(kpis) > summaryMaxKPIs {
		t.Fatalf("%d KPI sentences, want %d-%d: %q", len(kpis), summaryMinKPIs, summaryMaxKPIs, kpis)
	}
	prevRel := math.Inf(1)
	for _, it := range kpis {
		id := strings.TrimPrefix(it.Href, "#kpi-")
		var v, p float64
		var unit string
		if err := w.QueryRow(ctx, `SELECT s.value, p.value, d.unit FROM kpi_snapshots s
			JOIN kpi_snapshots p ON p.kpi_id = s.kpi_id AND p.run_id = s.run_id AND p.scope = 'total' AND p.week_start = ?
			JOIN kpi_definitions d ON d.kpi_id = s.kpi_id
			WHERE s.run_id = ? AND s.kpi_id = ? AND s.scope = 'total' AND s.week_start = ?`,
			testWeek.Add(-1).Start(), d.Meta.Runs.KPI, id, testWeek.Start()).Scan(&v, &p, &unit); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if !strings.Contains(it.Text, l.Value(v, unit)+",") || !strings.Contains(it.Text, "("+l.Value(p, unit)+")") {
			t.Errorf("%s: %q does not state %v (last week %v)", id, it.Text, v, p)
		}
		rel := math.Abs(v-p) / math.Abs(p)
		if rel > prevRel+1e-12 {
			t.Errorf("%s moved %.4f, after a smaller move %.4f: not ordered by relative change", id, rel, prevRel)
		}
		prevRel = rel
		if it.Kind != "good" && it.Kind != "bad" {
			t.Errorf("%s: kind %q, want good or bad", id, it.Kind)
		}
	}
	var next, last, hours float64
	if err := w.QueryRow(ctx, `SELECT SUM(mean) FROM (SELECT mean FROM forecasts WHERE run_id = ? AND level = 'total' ORDER BY week_start LIMIT 4)`, d.Meta.Runs.Forecast).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRow(ctx, `SELECT SUM(units) FROM weekly_returned WHERE week_start >= ? AND week_start < ?`, testWeek.Add(-3).Start(), testWeek.End()).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRow(ctx, `SELECT SUM(hours) FROM workload_forecasts WHERE run_id = ? AND week_start = ?`, d.Meta.Runs.Forecast, testWeek.Add(1).Start()).Scan(&hours); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"#forecast":           l.Number(next, 0) + " returned units forecast over the next 4 weeks",
		"#forecast ":          "the " + l.Number(last, 0) + " of the last 4",
		"#workload":           l.Number(hours, 0) + " hours of processing, " + l.Number(hours/35, 1) + " full-time staff",
		"reasons.html#alerts": "SKU-04 (Phone X), ",
	}
	for href, sub := range want {
		found := false
		for _, it := range rest {
			found = found || (it.Href == strings.TrimSpace(href) && strings.Contains(it.Text, sub))
		}
		if !found {
			t.Errorf("no sentence linking %s says %q: %q", href, sub, rest)
		}
	}
	for _, it := range rest {
		if strings.Contains(it.Text, "jeans") {
			t.Errorf("past alert (jeans, share back to usual) named as active: %q", it.Text)
		}
	}
	if len(s.Contents) == 0 || s.Contents[0].Href != "#summary" {
		t.Errorf("contents bar %q", s.Contents)
	}
	fr, err := LoadOperations(ctx, w, testWeek, testOptions(French))
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Summary.Items) != len(s.Items) || !strings.HasPrefix(fr.Summary.Items[len(s.Items)-1].Text, "Alerte active") {
		t.Errorf("French summary %q", fr.Summary.Items)
	}
}

// TestSummaryLeavesOutUnsupported: without a forecast made at the week the
// summary says nothing of the forecast, staffing or alerts.
func TestSummaryLeavesOutUnsupported(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	d, err := LoadOperations(ctx, w, testWeek.Add(-1), testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range d.Summary.Items {
		if !strings.HasPrefix(it.Href, "#kpi-") {
			t.Errorf("week without forecast has %q", it)
		}
	}
	for _, c := range d.Summary.Contents {
		if c.Href == "#workload" {
			t.Errorf("contents link a workload section the pack does not have")
		}
	}
}

// TestSummaryProvisionalMovesLast: a KPI whose value is provisional (the
// week's data still arriving) comes after the settled moves, however large
// its change, and says it is provisional.
func TestSummaryProvisionalMovesLast(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	up := true
	tiles := []Tile{
		{ID: "service_rate", Name: "Service rate", Unit: "%", Value: f(72.4), Prev: f(91.7), Change: f(-19.3), HigherIsBetter: &up, Provisional: true},
		{ID: "returned_units", Name: "Units received", Unit: "units", Value: f(345), Prev: f(305), Change: f(40), HigherIsBetter: &up},
	}
	got := kpiMoves(English, tiles)
	if len(got) != 2 || got[0].Href != "#kpi-returned_units" || got[1].Href != "#kpi-service_rate" {
		t.Fatalf("moves %+v, want the settled KPI first", got)
	}
	if !strings.Contains(got[1].Text, English.T("sum.provisional")) || strings.Contains(got[0].Text, English.T("sum.provisional")) {
		t.Errorf("only the provisional move says so: %q / %q", got[0].Text, got[1].Text)
	}
}
