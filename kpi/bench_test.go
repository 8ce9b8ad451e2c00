package kpi

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// TestTraceBench prints the duration of every step of Compute on the
// warehouse named by RETOUR_BENCH_DB (skipped when unset); scripts/bench-kpi.sh
// builds such a warehouse.
func TestTraceBench(t *testing.T) {
	path := os.Getenv("RETOUR_BENCH_DB")
	if path == "" {
		t.Skip("RETOUR_BENCH_DB not set")
	}
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	o := DefaultOptions()
	o.Trace = os.Stdout
	res, err := Compute(context.Background(), w, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d snapshots in %s", res.Snapshots, res.Wall)
}

// baselineSQL is the raw-scan yardstick of scripts/bench-kpi.sh: one plain
// aggregate over each fact table (units by SKU and week), the least any KPI
// computation has to do. The outer sums consume every group.
var baselineSQL = []string{
	`SELECT count(*), sum(n), sum(q) FROM (SELECT count(*) AS n, sum(qty) AS q FROM order_lines GROUP BY sku, date_trunc('week', ship_ts))`,
	`SELECT count(*), sum(n), sum(q) FROM (SELECT count(*) AS n, sum(qty) AS q FROM return_lines GROUP BY sku, date_trunc('week', received_ts))`,
}

// TestBenchBaseline times baselineSQL on the warehouse named by
// RETOUR_BENCH_DB (skipped when unset), opened as `retour kpi` opens it, and
// prints "baseline seconds S" for scripts/bench-kpi.sh.
func TestBenchBaseline(t *testing.T) {
	path := os.Getenv("RETOUR_BENCH_DB")
	if path == "" {
		t.Skip("RETOUR_BENCH_DB not set")
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	t0 := time.Now()
	for _, q := range baselineSQL {
		var groups, n, units int64
		if err := w.QueryRow(ctx, q).Scan(&groups, &n, &units); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if groups == 0 || n == 0 {
			t.Fatalf("%s: empty table", q)
		}
	}
	fmt.Printf("baseline seconds %.3f\n", time.Since(t0).Seconds())
}
