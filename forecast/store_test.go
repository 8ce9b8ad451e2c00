package forecast

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

// TestWarehouseEndToEnd generates a small demo, loads it, forecasts and
// checks what lands in the 010 tables.
func TestWarehouseEndToEnd(t *testing.T) {
	if !warehouse.ArrowEnabled {
		t.Skip("needs -tags=duckdb_arrow")
	}
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 24, 80
	if _, err := demo.Generate(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var paths []string
	for _, f := range []string{"products.csv", "order_lines.csv", "return_lines.csv"} {
		paths = append(paths, filepath.Join(dir, f))
	}
	if _, err := etl.LoadFiles(ctx, w, paths, etl.Options{}); err != nil {
		t.Fatal(err)
	}
	ds, err := Load(ctx, w, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Lags == nil || len(ds.Reasons) == 0 || len(ds.SiteY) == 0 || len(ds.HoursPerUnit) == 0 {
		t.Fatalf("dataset lacks lags, reasons, sites or hours: %d lags, %v, %d sites, %v", len(ds.Lags), ds.Reasons, len(ds.SiteY), ds.HoursPerUnit)
	}
	res, err := Run(ctx, ds, 0, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	run, err := Save(ctx, w, ds, res, DefaultOptions(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name, q string
		want    func(float64) bool
	}{
		{"13 weeks per SKU", `SELECT count(*) / count(DISTINCT key) FROM forecasts WHERE level = 'sku' AND run_id = ?`, func(v float64) bool { return v == 13 }},
		{"total equals SKU sum", `SELECT abs((SELECT sum(mean) FROM forecasts WHERE level='total' AND run_id=$1) - (SELECT sum(mean) FROM forecasts WHERE level='sku' AND run_id=$1))`, func(v float64) bool { return v < 1e-6 }},
		{"site sum equals total", `SELECT abs((SELECT sum(mean) FROM forecasts WHERE level='site' AND run_id=$1) - (SELECT sum(mean) FROM forecasts WHERE level='total' AND run_id=$1))`, func(v float64) bool { return v < 1e-6 }},
		{"intervals ordered", `SELECT count(*) FROM forecasts WHERE run_id = ? AND NOT (lo95 <= lo80 AND lo80 <= hi80 AND hi80 <= hi95)`, func(v float64) bool { return v == 0 }},
		{"one selected model per SKU and bucket", `SELECT max(c) FROM (SELECT count(*) c FROM forecast_accuracy WHERE run_id = ? AND level='sku' AND key <> '*' AND selected GROUP BY key, horizons)`, func(v float64) bool { return v == 1 }},
		{"reason units sum to forecast", `SELECT max(abs(r.u - f.mean)) FROM (SELECT key, week_start, sum(units) u FROM reason_forecasts WHERE run_id=$1 AND level='sku' GROUP BY ALL) r JOIN forecasts f ON f.run_id=$1 AND f.level='sku' AND f.key=r.key AND f.week_start=r.week_start`, func(v float64) bool { return v < 1e-6 }},
		{"workload hours", `SELECT min(hours_per_unit) FROM workload_forecasts WHERE run_id = ?`, func(v float64) bool { return v > 0 }},
		{"exposure shipped equals weekly_shipped", `SELECT count(*) FROM forecast_exposure e LEFT JOIN weekly_shipped s ON s.sku = e.sku AND s.week_start = e.week_start
			WHERE e.run_id = ? AND abs(e.shipped - COALESCE(s.units, 0)) > 1e-9`, func(v float64) bool { return v == 0 }},
		{"open units = shipped in the window (SQL)", `SELECT max(abs(e.open_units - (SELECT COALESCE(sum(s.units), 0) FROM weekly_shipped s WHERE s.sku = e.sku
			AND s.week_start BETWEEN e.week_start - INTERVAL (7 * e.window_weeks) DAY AND e.week_start))) FROM forecast_exposure e WHERE e.run_id = ?`, func(v float64) bool { return v < 1e-6 }},
		{"exposure up to the origin week", `SELECT count(*) FROM forecast_exposure e WHERE e.run_id = $1 AND e.week_start > (SELECT origin_week FROM forecast_runs WHERE run_id = $1)`, func(v float64) bool { return v == 0 }},
		{"window from the lag p95", `SELECT min(window_weeks) * 100 + max(window_weeks) FROM forecast_exposure WHERE run_id = ?`, func(v float64) bool { return v >= 101 && v <= 1616 }},
		{"pending returns set and >= 0", `SELECT count(*) FROM forecast_exposure WHERE run_id = ? AND (pending_returns IS NULL OR pending_returns < 0)`, func(v float64) bool { return v == 0 }},
		{"ISO week labels of the week starts", `SELECT (SELECT count(*) FROM forecast_exposure WHERE run_id = $1 AND iso_week <> strftime(week_start, '%G-W%V'))
			+ (SELECT count(*) FROM forecasts WHERE run_id = $1 AND iso_week <> strftime(week_start, '%G-W%V'))`, func(v float64) bool { return v == 0 }},
		{"pending returns a fraction of open units", `SELECT sum(pending_returns) / sum(open_units) FROM forecast_exposure WHERE run_id = ?`, func(v float64) bool { return v > 0 && v < 0.5 }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			var v float64
			if err := w.QueryRow(ctx, c.q, run).Scan(&v); err != nil {
				t.Fatal(err)
			}
			if !c.want(v) {
				t.Fatalf("got %v", v)
			}
		})
	}
}
