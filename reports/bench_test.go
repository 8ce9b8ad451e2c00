//go:build unix

package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// cpuSeconds is the process's user + system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	sec := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return sec(ru.Utime) + sec(ru.Stime)
}

// TestBenchPacks times each pack of the latest week on the warehouse named
// by RETOUR_BENCH_DB (skipped when unset), opened read-only as `retour
// report` opens it, and prints "pack NAME wall S cpu S bytes N" per pack
// for scripts/bench-report.sh. RETOUR_BENCH_LANG=fr renders in French.
func TestBenchPacks(t *testing.T) {
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
	o := DefaultOptions()
	if os.Getenv("RETOUR_BENCH_LANG") == "fr" {
		o.Lang = French
	}
	wk, err := LatestWeek(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ECharts(); err != nil {
		t.Fatal(err)
	}
	for _, p := range Packs {
		var buf bytes.Buffer
		t0, c0 := time.Now(), cpuSeconds()
		if err := RenderPack(ctx, w, &buf, p, wk, o, nil); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("pack %s wall %.3f cpu %.3f bytes %d\n", p, time.Since(t0).Seconds(), cpuSeconds()-c0, buf.Len())
	}
}
