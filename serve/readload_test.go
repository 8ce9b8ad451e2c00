package serve

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

// TestReadDuringLoad reads the explorer, the API and the archive while an
// order file loads into the served warehouse: every answer is a 200 with
// the last committed state.
func TestReadDuringLoad(t *testing.T) {
	e := newEnv(t, "limits:\n  requests_per_minute: 1000000\n", nil)
	dir := filepath.Join(t.TempDir(), "big")
	o := demo.DefaultOptions()
	o.SKUs, o.Weeks, o.Seed, o.Lines = 12, 60, 3, 60000
	if _, err := demo.Generate(context.Background(), dir, o); err != nil {
		t.Fatal(err)
	}
	var loading atomic.Bool
	loading.Store(true)
	done := make(chan error, 1)
	go func() {
		_, err := e.s.pipe.Load(context.Background(), e.w, filepath.Join(dir, "order_lines.csv"), LoadOptions{})
		loading.Store(false)
		done <- err
	}()
	paths := []string{"/explorer", "/api/v1/explorer?site=FR-LIL", "/api/v1/kpis", "/reports/index.html", "/api/v1/forecasts?level=total", "/readyz"}
	during := 0
	for i := 0; loading.Load(); i++ {
		p := paths[i%len(paths)]
		code, body := e.do(t, "GET", p, viewerTok, nil)
		if code != 200 {
			t.Fatalf("GET %s during a load: %d %.200s", p, code, body)
		}
		if loading.Load() {
			during++
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if during < len(paths) {
		t.Fatalf("only %d answers during the load; the test did not overlap it", during)
	}
	t.Logf("%d answers during the load, all 200", during)
}
