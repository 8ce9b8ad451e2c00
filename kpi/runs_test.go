package kpi

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// TestRunLifecycle: a KPI run that fails while writing is recorded failed
// with its reason, keeps the previous run's snapshots, and is never the
// latest good run that ReadWeek prints.
func TestRunLifecycle(t *testing.T) {
	w := openHand(t)
	ctx := context.Background()
	if _, err := ReadWeek(ctx, w, "", nil); !errors.Is(err, ErrNoRun) {
		t.Fatalf("before any run: %v, want ErrNoRun", err)
	}
	good, err := Compute(ctx, w, handOptions())
	if err != nil {
		t.Fatal(err)
	}
	// The write step fails: a table it writes is gone.
	if _, err := w.Exec(ctx, `DROP TABLE kpi_claims_recurring`); err != nil {
		t.Fatal(err)
	}
	if _, err := Compute(ctx, w, handOptions()); err == nil {
		t.Fatal("a run that cannot write its outputs succeeded")
	}
	var status, msg string
	if err := w.QueryRow(ctx, `SELECT status, COALESCE(message, '') FROM kpi_runs ORDER BY run_id DESC LIMIT 1`).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	if status != warehouse.StatusFailed || !strings.Contains(msg, "kpi_claims_recurring") {
		t.Fatalf("failed run recorded as %q (%q)", status, msg)
	}
	if id, err := w.LatestGoodRun(ctx, warehouse.RunKPI); err != nil || id != good.RunID {
		t.Fatalf("latest good run %d (%v), want %d", id, err, good.RunID)
	}
	tab, err := ReadWeek(ctx, w, "", nil)
	if err != nil || tab.RunID != good.RunID || len(tab.Rows) == 0 {
		t.Fatalf("ReadWeek after a failed run: run %v, %v", tab, err)
	}
}
