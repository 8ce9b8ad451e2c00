package reports

import (
	"strings"
	"testing"
)

// TestAlertDetails: every shown alert links to its key's detail, whose
// comments are return comments with the alert's reason on that key since the
// alert started (checked against the return_comments view), and whose trend
// shares add up to 100 % in every week with returns.
func TestAlertDetails(t *testing.T) {
	ctx := t.Context()
	w := openSeeded(t, "seed.sql")
	d, err := LoadReasons(ctx, w, testWeek, testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]AlertDetail{}
	for _, ad := range d.AlertDetails {
		ids["#"+ad.ID] = ad
	}
	if len(d.Alerts.Rows)+len(d.PastAlerts.Rows) == 0 || len(ids) == 0 {
		t.Fatal("the seed gives no alert with details")
	}
	comments := 0
	for _, tb := range []Table{d.Alerts, d.PastAlerts} {
		if len(tb.Links) != len(tb.Rows) {
			t.Fatalf("%s: %d links for %d rows", tb.ID, len(tb.Links), len(tb.Rows))
		}
		for i, row := range tb.Rows {
			ad, ok := ids[tb.Links[i]]
			if !ok {
				t.Errorf("%s row %d links to %s, no such detail", tb.ID, i, tb.Links[i])
				continue
			}
			if !strings.Contains(ad.Title, row[1]) {
				t.Errorf("%s row %d (%s) links to %q", tb.ID, i, row[1], ad.Title)
			}
		}
	}
	for _, ad := range d.AlertDetails {
		for _, ac := range ad.Alerts {
			if len(ac.Comments) == 0 && ac.Note == "" {
				t.Errorf("%s: alert %q has neither comments nor a note", ad.ID, ac.Words)
			}
			comments += len(ac.Comments)
			for _, c := range ac.Comments {
				wk, err := ParseWeek(c.Week)
				if err != nil {
					t.Fatal(err)
				}
				var n int
				if err := w.QueryRow(ctx, `SELECT count(*) FROM return_comments WHERE trim(reason_text) = ? AND week_start = ? AND reason = ?`, c.Text, wk.Start(), ac.Reason).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					t.Errorf("%s: comment %q (%s) not in return_comments", ad.ID, c.Text, c.Week)
				}
			}
		}
		for i := range ad.Trend.Categories {
			sum := 0.0
			for _, s := range ad.Trend.Series {
				sum += s.Values[i]
			}
			if sum != 0 && (sum < 99.5 || sum > 100.5) {
				t.Errorf("%s week %s: shares add up to %v", ad.ID, ad.Trend.Categories[i], sum)
			}
		}
	}
	if comments == 0 {
		t.Error("no alert shows a comment on the seed")
	}
}
