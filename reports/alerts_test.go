package reports

import (
	"context"
	"strings"
	"testing"
)

// TestAlertsActiveAndPast: the reasons pack splits the alerts into active
// now and past, says each in words with its start week, the reason's
// current and usual share and the key's volume, shows no raw test
// statistic, and caps each list with a note.
func TestAlertsActiveAndPast(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	o := testOptions(English)
	d, err := LoadReasons(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Alerts.Rows) != 1 || d.Alerts.Rows[0][1] != "SKU-04" {
		t.Fatalf("active alerts %q, want SKU-04 (defective share still high)", d.Alerts.Rows)
	}
	if len(d.PastAlerts.Rows) != 1 || d.PastAlerts.Rows[0][1] != "jeans" {
		t.Fatalf("past alerts %q, want jeans (share back to usual)", d.PastAlerts.Rows)
	}
	var units, reasonUnits float64
	if err := w.QueryRow(ctx, `SELECT SUM(units), SUM(units) FILTER (WHERE reason = 'defective') FROM weekly_returned
		WHERE sku = 'SKU-04' AND week_start >= ? AND week_start < ?`, testWeek.Add(-3).Start(), testWeek.End()).Scan(&units, &reasonUnits); err != nil {
		t.Fatal(err)
	}
	var units13 float64
	if err := w.QueryRow(ctx, `SELECT SUM(units) FROM weekly_returned WHERE sku = 'SKU-04' AND week_start >= ? AND week_start < ?`,
		testWeek.Add(-12).Start(), testWeek.End()).Scan(&units13); err != nil {
		t.Fatal(err)
	}
	l := English
	words := l.Number(reasonUnits/units/0.17, 1) + " x the usual share of 'defective' since 2026-W37"
	row := d.Alerts.Rows[0]
	if !slicesContain(row, words) || !slicesContain(row, l.Number(units13, 0)) || !slicesContain(row, pct(l, 100*reasonUnits/units)) || !slicesContain(row, "17.0 %") {
		t.Errorf("active row %q, want %q, %v units and the current and usual shares", row, words, units13)
	}
	recent, usual := 0.31, 0.20 // the seed's jeans alert
	if past := strings.Join(d.PastAlerts.Rows[0], "|"); !strings.Contains(past, "rose to "+l.Number(recent/usual, 1)+" x the usual share of 'size too small' from 2026-W41; now ") {
		t.Errorf("past row %q", past)
	}
	for _, h := range append(d.Alerts.Head, d.PastAlerts.Head...) {
		if h == l.T("col.strength") || h == l.T("col.far") {
			t.Errorf("raw test column %q shown", h)
		}
	}
	// a usual share near zero (a SKU without history of the reason): no
	// meaningless multiple, the share itself
	if _, err := w.Exec(ctx, `INSERT INTO reason_alerts (run_id, level, key, reason, start_week, detected_week, share_usual, share_recent, strength, false_alarm_rate)
		VALUES (1, 'sku', 'SKU-04', 'defective', DATE '2026-10-05', DATE '2026-10-19', 0.001, 0.5, 2.0, 0.001)`); err != nil {
		t.Fatal(err)
	}
	if d, err = LoadReasons(ctx, w, testWeek, o); err != nil {
		t.Fatal(err)
	}
	tiny := pct(l, 100*reasonUnits/units) + " of its returns are 'defective' since 2026-W41, against almost none usually"
	if len(d.Alerts.Rows) != 2 || !slicesContain(d.Alerts.Rows[0], tiny) && !slicesContain(d.Alerts.Rows[1], tiny) {
		t.Errorf("active rows %q, want one saying %q", d.Alerts.Rows, tiny)
	}
	o.MaxAlerts = 1
	if _, err := w.Exec(ctx, `INSERT INTO reason_alerts (run_id, level, key, reason, start_week, detected_week, share_usual, share_recent, strength, false_alarm_rate)
		VALUES (1, 'sku', 'SKU-01', 'defective', DATE '2025-01-06', DATE '2025-02-03', 0.1, 0.5, 9.9, 0.001)`); err != nil {
		t.Fatal(err)
	}
	if d, err = LoadReasons(ctx, w, testWeek, o); err != nil {
		t.Fatal(err)
	}
	if len(d.PastAlerts.Rows) != 1 || !strings.HasPrefix(d.AlertsNote, "The 1 most recent alerts of each kind are shown, of 2 active and 2 past") {
		t.Errorf("capped past alerts %q, note %q", d.PastAlerts.Rows, d.AlertsNote)
	}
}

func slicesContain(xs []string, v string) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
