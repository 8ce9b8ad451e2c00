package reports

import (
	"context"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// TestPackIsPointInTime: the pack for W shows the forecast of the run whose
// origin is W; for another week it says none was made then (never a later
// run's forecast), and its history ends at W.
func TestPackIsPointInTime(t *testing.T) {
	w := openSeeded(t, "seed.sql")
	ctx := context.Background()
	o := testOptions(English)
	d, err := LoadOperations(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if d.Forecast.Missing != nil || d.Meta.Runs.Forecast != 1 || len(d.Forecast.Total) != 1 {
		t.Fatalf("week %s: forecast run %d, missing %+v", testWeek, d.Meta.Runs.Forecast, d.Forecast.Missing)
	}
	earlier := testWeek.Add(-5)
	d, err = LoadOperations(ctx, w, earlier, o)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta.Runs.Forecast != 0 || len(d.Forecast.Total) != 0 {
		t.Errorf("week %s shows forecast run %d, made at %s", earlier, d.Meta.Runs.Forecast, testWeek)
	}
	if d.Forecast.Missing == nil || !strings.Contains(d.Forecast.Missing.Message, earlier.String()) {
		t.Errorf("week %s: missing forecast message %+v should name the week", earlier, d.Forecast.Missing)
	}
	for _, tr := range d.Trends {
		if last := tr.Categories[len(tr.Categories)-1]; last != earlier.String() {
			t.Errorf("trend %s ends at %s, after %s", tr.ID, last, earlier)
		}
	}
	for _, c := range [][]string{d.Cost.Categories, d.Disposition.Categories, d.Claims.Categories} {
		if len(c) > 0 && c[len(c)-1] != earlier.String() {
			t.Errorf("chart ends at %s, after %s", c[len(c)-1], earlier)
		}
	}
	r, err := LoadReasons(ctx, w, earlier, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.ForecastMiss == nil || len(r.Alerts.Rows) != 0 {
		t.Errorf("reasons pack for %s shows alerts or reason forecasts of a later run: %+v", earlier, r.Alerts.Rows)
	}
}

// TestSectionNeeds: every section and pack declares fields the warehouse
// measures, and each pack's sections have a place in its template.
func TestSectionNeeds(t *testing.T) {
	ids := map[string]bool{}
	for _, s := range Sections {
		if _, err := warehouse.ParseNeeds(s.Needs); err != nil {
			t.Errorf("section %s: %v", s.ID, err)
		}
		if ids[s.Pack+"/"+s.ID] {
			t.Errorf("section %s/%s declared twice", s.Pack, s.ID)
		}
		ids[s.Pack+"/"+s.ID] = true
		if _, ok := labels[s.Title]; !ok {
			t.Errorf("section %s: no label %s", s.ID, s.Title)
		}
		if s.Kind != "chart" && s.Kind != "forecast" {
			t.Errorf("section %s: kind %q", s.ID, s.Kind)
		}
		if s.Pack == "carbon" {
			continue // the carbon pack's sections share one declaration (Missing)
		}
		tmpl, err := templateFS.ReadFile("templates/" + s.Pack + ".html")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(tmpl), `"`+s.ID+`"`) {
			t.Errorf("templates/%s.html has no place for section %s's message", s.Pack, s.ID)
		}
	}
	for _, p := range Packs {
		if _, err := warehouse.ParseNeeds(PackNeeds[p]); err != nil || PackNeeds[p] == "" {
			t.Errorf("pack %s needs %q: %v", p, PackNeeds[p], err)
		}
	}
}

// TestNeedMessages: the message names the field, the table and what to do,
// in both languages.
func TestNeedMessages(t *testing.T) {
	needs, err := warehouse.ParseNeeds("return_lines.processed_ts,claims,return_lines.processing_cost|transport_cost")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		l    Lang
		n    int
		want string
	}{
		{English, 0, "Backlog needs `processed_ts` on return lines; map it in your returns mapping"},
		{English, 1, "Backlog needs a claims file; load one with `retour load`"},
		{English, 2, "Backlog needs `processing_cost` or `transport_cost` on return lines; map it in your returns mapping"},
		{French, 0, "Backlog nécessite `processed_ts` dans les lignes de retour ; ajoutez-le à votre mapping des retours"},
	} {
		if got := needsText(tc.l, "Backlog", needs[tc.n:tc.n+1]); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.l, needs[tc.n], got, tc.want)
		}
	}
	for _, tc := range []struct {
		l    Lang
		want string
	}{
		{English, "Backlog needs `processed_ts` and `processing_cost` or `transport_cost` on return lines; map them in your returns mapping, and a claims file; load one with `retour load`"},
		{French, "Backlog nécessite `processed_ts` et `processing_cost` ou `transport_cost` dans les lignes de retour ; ajoutez-les à votre mapping des retours, et un fichier de litiges ; chargez-le avec `retour load`"},
	} {
		if got := needsText(tc.l, "Backlog", needs); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.l, got, tc.want)
		}
	}
}
