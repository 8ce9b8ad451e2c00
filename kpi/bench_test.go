package kpi

import (
	"context"
	"os"
	"testing"

	"github.com/retour-analytics/retour/etl/warehouse"
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
