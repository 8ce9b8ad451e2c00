package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// TestSummaryNamesDemoEvents: on demo data cut two weeks after each injected
// event's last affected ship week (the returns of its units still coming
// in), the operations pack's executive summary names the event through its
// active reason alert (SKU and reason), with the volume the weekly returns
// view holds.
func TestSummaryNamesDemoEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and forecasts the demo data three times; skipped with -short")
	}
	ctx := context.Background()
	base := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks, opts.Seed = 60, 110, 3
	truth, err := demo.Generate(ctx, filepath.Join(base, "data"), opts)
	if err != nil {
		t.Fatal(err)
	}
	start, err := time.Parse("2006-01-02", truth.StartWeek)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		files = append(files, filepath.Join(base, "data", f))
	}
	category := map[string]string{}
	for _, p := range truth.Products {
		category[p.SKU] = p.Category
	}
	for _, ev := range truth.Events {
		t.Run(ev.Kind, func(t *testing.T) {
			week := reports.WeekOf(start.AddDate(0, 0, 7*(ev.EndWeek+1)))
			db := filepath.Join(base, ev.Kind+".duckdb")
			mustCLI(t, append([]string{"--db", db, "load"}, files...)...)
			cutData(t, db, week.End())
			mustCLI(t, "--db", db, "forecast", "--origins", "2")
			mustCLI(t, "--db", db, "kpi")
			w, err := warehouse.Open(ctx, db, warehouse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			for _, l := range []reports.Lang{reports.English, reports.French} {
				o := reports.DefaultOptions()
				o.Lang = l
				d, err := reports.LoadOperations(ctx, w, week, o)
				if err != nil {
					t.Fatal(err)
				}
				if !namesEvent(d.Summary, l, ev, category[ev.SKU]) {
					t.Logf("alerts of the run for %s: %s", ev.SKU, eventAlerts(t, w, d.Meta.Runs.Forecast, ev))
					t.Errorf("%s summary of %s does not name the %s (%s %s%s): %q", l, week, ev.Kind, ev.SKU, ev.Carrier, l.Name(ev.Reason), d.Summary.Items)
				}
			}
		})
	}
}

// namesEvent: an active alert sentence names the event's reason and, for a
// SKU event, its SKU or the SKU's category (the forecast stage may raise the
// alert at either level).
func namesEvent(s reports.Summary, l reports.Lang, ev demo.Event, category string) bool {
	for _, it := range s.Items {
		if it.Href != "reasons.html#alerts" || !strings.Contains(it.Text, "'"+l.Name(ev.Reason)+"'") && !strings.Contains(it.Text, "« "+l.Name(ev.Reason)+" »") {
			continue
		}
		if ev.SKU == "" || strings.Contains(it.Text, ev.SKU+" ") || strings.Contains(it.Text, l.Tf("sum.category", l.Name(category))+",") {
			return true
		}
	}
	return false
}

// cutData removes what happened from `end` on, as if the data had been
// exported then.
func cutData(t *testing.T, db string, end time.Time) {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`DELETE FROM return_lines WHERE COALESCE(received_ts, requested_ts) >= ?`,
		`UPDATE return_lines SET inspected_ts = NULL, processed_ts = NULL WHERE processed_ts >= ?`,
		`DELETE FROM claims WHERE opened_ts >= ?`,
		`UPDATE claims SET closed_ts = NULL WHERE closed_ts >= ?`,
		`DELETE FROM order_lines WHERE order_ts >= ?`,
		`UPDATE order_lines SET ship_ts = NULL, delivered_ts = NULL WHERE ship_ts >= ?`,
		`UPDATE order_lines SET delivered_ts = NULL WHERE delivered_ts >= ?`,
	} {
		if _, err := w.Exec(ctx, q, end); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// eventAlerts lists the run's alerts on the event's SKU (failure messages).
func eventAlerts(t *testing.T, w *warehouse.DB, run int64, ev demo.Event) string {
	var s string
	if err := w.QueryRow(context.Background(), `SELECT COALESCE(string_agg(concat_ws(' ', level, key, reason, start_week, detected_week, share_usual, share_recent), '; '), 'none')
		FROM reason_alerts WHERE run_id = ? AND (key = ? OR reason = ?)`, run, ev.SKU, ev.Reason).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
