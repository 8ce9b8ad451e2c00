package warehouse

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cols := map[RunKind]map[string]any{
		RunLoad:     {"source": "orders.csv", "entity": "order_lines"},
		RunForecast: {"origin_week": MustWeek("2026-W40").Start(), "horizon": 13, "origins": 4},
		RunKPI:      {"first_week": MustWeek("2026-W01").Start()},
	}
	for _, k := range RunKinds() {
		ok, err := StartRun(ctx, w.SQL(), k, cols[k])
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := w.LatestGoodRun(ctx, k); id != 0 {
			t.Fatalf("%s: a running run counts as good (%d)", k, id)
		}
		if err := FinishRun(ctx, w.SQL(), k, ok, nil, nil); err != nil {
			t.Fatal(err)
		}
		failed, _ := StartRun(ctx, w.SQL(), k, cols[k])
		if err := FinishRun(ctx, w.SQL(), k, failed, errors.New("disk full"), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := StartRun(ctx, w.SQL(), k, cols[k]); err != nil { // left running, as by a killed process
			t.Fatal(err)
		}
		id, err := w.LatestGoodRun(ctx, k)
		if err != nil || id != ok {
			t.Fatalf("%s: latest good run = %d, %v; want %d (later runs failed or running)", k, id, err, ok)
		}
		var view int64
		if err := w.QueryRow(ctx, `SELECT run_id FROM v_latest_runs WHERE kind = ?`, string(k)).Scan(&view); err != nil || view != id {
			t.Fatalf("%s: v_latest_runs = %d, %v; LatestGoodRun = %d", k, view, err, id)
		}
	}
	if id, err := w.LatestGoodForecastAt(ctx, MustWeek("2026-W40")); err != nil || id != 1 {
		t.Fatalf("latest good forecast at 2026-W40 = %d, %v; want 1", id, err)
	}
	if id, _ := w.LatestGoodForecastAt(ctx, MustWeek("2026-W41")); id != 0 {
		t.Fatalf("a forecast run at 2026-W41 found: %d", id)
	}
	if _, err := StartRun(ctx, w.SQL(), "export", nil); err == nil {
		t.Fatal("unknown run kind accepted")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The writer that left three runs running is gone: the next writer marks them failed.
	w, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.InterruptedRuns() != 3 {
		t.Fatalf("InterruptedRuns = %d, want 3", w.InterruptedRuns())
	}
	for tb, msg := range map[string]string{"load_runs": InterruptedMessage, "forecast_runs": InterruptedRunMessage, "kpi_runs": InterruptedRunMessage} {
		var running, interrupted int
		if err := w.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'running'), count(*) FILTER (WHERE message = ?) FROM `+tb, msg).Scan(&running, &interrupted); err != nil {
			t.Fatal(err)
		}
		if running != 0 || interrupted != 1 {
			t.Errorf("%s: %d running, %d interrupted; want 0 and 1", tb, running, interrupted)
		}
	}
}
