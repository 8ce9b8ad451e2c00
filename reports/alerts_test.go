package reports

import (
	"context"
	"strings"
	"testing"
)

// TestAlertsRecentStrongestWithNote: the alert table keeps the strongest
// alerts detected in the recent weeks, and a note counts what it leaves out.
func TestAlertsRecentStrongestWithNote(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	if _, err := w.Exec(ctx, `INSERT INTO reason_alerts (run_id, level, key, reason, start_week, detected_week, share_usual, share_recent, strength, false_alarm_rate)
		VALUES (1, 'sku', 'SKU-01', 'quality', DATE '2025-01-06', DATE '2025-02-03', 0.1, 0.5, 9.9, 0.001)`); err != nil {
		t.Fatal(err)
	}
	o := testOptions(English)
	o.MaxAlerts = 1
	d, err := LoadReasons(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Alerts.Rows) != 1 || d.Alerts.Rows[0][1] != "SKU-04" {
		t.Fatalf("alert rows %q, want only the strongest recent one (SKU-04)", d.Alerts.Rows)
	}
	if !strings.HasPrefix(d.AlertsNote, "1 strongest shown of the 2 alerts detected in the last 13 weeks; 1 older") {
		t.Errorf("note %q", d.AlertsNote)
	}
	if h := d.Alerts.Head; h[len(h)-1] == "False-alarm rate" || !strings.Contains(d.Alerts.Definition, "every alert shown: 0.0010") {
		t.Errorf("a constant false-alarm rate stays a column: head %q, definition %q", h, d.Alerts.Definition)
	}
	o.MaxAlerts = 0 // default
	d, err = LoadReasons(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Alerts.Rows) != 2 {
		t.Errorf("%d rows, want the 2 recent alerts", len(d.Alerts.Rows))
	}
}
