package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestClaimsPackAnswers checks the claims manager's weekly questions are
// answered at the top of the claims pack with the numbers kpi stored
// (the end of testdata/seed.sql; amounts as every pack writes them, four significant
// digits): open claims and amount, the oldest, opened and
// closed this week, median days to close, cost, and the recurring causes.
func TestClaimsPackAnswers(t *testing.T) {
	w := openSeeded(t, "seed.sql")
	ctx := context.Background()
	wk, err := ParseWeek("2026-W48")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang Lang
		want map[string]string
	}{
		{English, map[string]string{"open": "3 · 200.2 EUR", "oldest": "60 days (CLM-2)", "opened": "7 / 6",
			"median": "4.5", "cost": "815.5 EUR", "recurring": "1"}},
		{French, map[string]string{"open": "3 · 200,2\u00a0EUR", "oldest": "60\u00a0jours (CLM-2)", "opened": "7 / 6",
			"median": "4,5", "cost": "815,5\u00a0EUR", "recurring": "1"}},
	} {
		t.Run(tc.want["median"], func(t *testing.T) {
			o := testOptions(tc.lang)
			d, err := LoadClaims(ctx, w, wk, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Answers) < 5 {
				t.Fatalf("%d answers on the first screen, want at least 5", len(d.Answers))
			}
			for _, a := range d.Answers {
				if want, ok := tc.want[a.ID]; !ok || a.Value != want {
					t.Errorf("answer %s (%s) = %q, want %q", a.ID, a.Question, a.Value, want)
				}
			}
			if got := firstColumn(d.Open.Rows); got != "CLM-2 CLM-7 CLM-9" {
				t.Errorf("open claims in order %s, want the oldest first", got)
			}
			if len(d.Recurring.Rows) != 1 || d.Recurring.Rows[0][5] != "CLM-5, CLM-2, CLM-7" {
				t.Errorf("recurring causes %v, want Colissimo with CLM-5, CLM-2, CLM-7", d.Recurring.Rows)
			}
			if got := firstColumn(d.Mix.Rows); !strings.Contains(got, tc.lang.T("code.replacement")) {
				t.Errorf("resolution mix %v lacks replacement", d.Mix.Rows)
			}
			var buf bytes.Buffer
			if err := RenderPack(ctx, w, &buf, "claims", wk, o, nil); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			week := html[strings.Index(html, `<section id="week">`):strings.Index(html, `<section id="open">`)]
			for _, a := range d.Answers {
				if !strings.Contains(week, a.Value) && !strings.Contains(week, strings.ReplaceAll(a.Value, "\u202f", "&#8239;")) {
					t.Errorf("answer %s %q is not in the first section", a.ID, a.Value)
				}
			}
		})
	}
}

func firstColumn(rows [][]string) string {
	var out []string
	for _, r := range rows {
		out = append(out, r[0])
	}
	return strings.Join(out, " ")
}
