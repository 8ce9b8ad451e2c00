package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

// TestBenchServe is `make bench-serve` (scripts/bench-serve.sh); it runs
// only with RETOUR_BENCH_SERVE=1. CLIENTS clients (default 50) query the
// explorer API on loopback for BENCH_SECONDS (default 60) while a LINES-line
// order file (default 1,000,000) loads (the clients start 5 s before the
// load, as on a service already serving); the same load is timed alone first.
// It fails when the p95 latency is over 200 ms or any request fails.
func TestBenchServe(t *testing.T) {
	if os.Getenv("RETOUR_BENCH_SERVE") != "1" {
		t.Skip("benchmark: run make bench-serve (RETOUR_BENCH_SERVE=1)")
	}
	envInt := func(k string, def int) int {
		if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
			return n
		}
		return def
	}
	clients, seconds, lines := envInt("CLIENTS", 50), envInt("BENCH_SECONDS", 60), envInt("LINES", 1_000_000)
	fixtureOnce.Do(func() { fixtureDir, fixtureErr = buildFixture() })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	big := filepath.Join(t.TempDir(), "big")
	o := demo.DefaultOptions()
	o.SKUs, o.Weeks, o.Seed, o.Lines = 12, 60, 7, lines
	t0 := time.Now()
	if _, err := demo.Generate(context.Background(), big, o); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(big, "order_lines.csv")
	t.Logf("generated %s (%d lines asked) in %.1fs", file, lines, time.Since(t0).Seconds())

	alone := benchLoad(t, file, 0, 0)
	with := benchLoad(t, file, clients, seconds)
	la, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\nbench-serve: %d clients for %ds on /api/v1/explorer (loopback; the load starts after 5 s) while %s loads; %d cores, load average %s\n",
		clients, seconds+5, filepath.Base(file), runtime.NumCPU(), strings.Join(strings.Fields(string(la))[:min(3, len(strings.Fields(string(la))))], " "))
	fmt.Printf("  load alone            %8.2fs  (%d rows read)\n", alone.load.Seconds(), alone.rows)
	fmt.Printf("  load under traffic    %8.2fs  ratio %.2f\n", with.load.Seconds(), with.load.Seconds()/alone.load.Seconds())
	fmt.Printf("  requests %d (%.0f/s), errors %d; %d views computed on the warehouse, the rest served from the committed-state cache\n",
		with.n, float64(with.n)/float64(seconds+5), with.errors, with.misses)
	fmt.Printf("  latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (during the load: p95 %.1f ms over %d requests)\n",
		ms(with.p(0.5)), ms(with.p(0.95)), ms(with.p(0.99)), ms(with.p(1)), ms(with.pDuring(0.95)), len(with.during))
	if with.errors > 0 || with.p(0.95) > 200*time.Millisecond {
		t.Fatalf("FAIL: p95 %.1f ms (limit 200 ms), %d errors", ms(with.p(0.95)), with.errors)
	}
	fmt.Println("  PASS: p95 at most 200 ms, no errors")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type benchResult struct {
	load        time.Duration
	rows        int64
	n, errors   int64
	misses      int64
	lat, during []time.Duration
}

func pct(l []time.Duration, q float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), l...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func (r benchResult) p(q float64) time.Duration       { return pct(r.lat, q) }
func (r benchResult) pDuring(q float64) time.Duration { return pct(r.during, q) }

// benchLoad copies the fixture, starts a server and loads file, with
// clients querying the explorer API for seconds (none when clients is 0).
func benchLoad(t *testing.T, file string, clients, seconds int) benchResult {
	dir := t.TempDir()
	copyTree(t, fixtureDir, dir)
	cfg := DefaultConfig()
	cfg.Warehouse, cfg.ReportsDir, cfg.Inbox.Dir = filepath.Join(dir, "retour.duckdb"), filepath.Join(dir, "reports"), filepath.Join(dir, "inbox")
	cfg.Tokens.Viewers, cfg.Tokens.Admins = []string{viewerTok}, []string{adminTok}
	cfg.Limits.RequestsPerMinute = 1 << 30
	w, err := warehouse.Open(context.Background(), cfg.Warehouse, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	s, err := New(w, Options{Config: &cfg, Pipeline: testPipeline(), Log: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	var v *ExplorerView
	if clients > 0 {
		v = benchOptions(t, ts.URL)
	}
	var res benchResult
	var mu sync.Mutex
	var loading atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 1))
			hc := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				d, ok := benchRequest(hc, ts.URL, v, rng)
				mu.Lock()
				res.n++
				if !ok {
					res.errors++
				}
				res.lat = append(res.lat, d)
				if loading.Load() {
					res.during = append(res.during, d)
				}
				mu.Unlock()
			}
		}()
	}
	if clients > 0 {
		time.Sleep(5 * time.Second) // traffic first: the load starts on a service already serving
	}
	start := time.Now()
	loading.Store(true)
	lr, err := s.pipe.Load(context.Background(), w, file, LoadOptions{})
	loading.Store(false)
	res.load, res.rows = time.Since(start), lr.Read
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if clients > 0 {
		time.Sleep(time.Until(start.Add(time.Duration(seconds) * time.Second)))
		close(stop)
		wg.Wait()
	}
	res.misses = s.cache.misses.Load()
	return res
}

func benchOptions(t *testing.T, base string) *ExplorerView {
	v := &ExplorerView{}
	req, _ := http.NewRequest("GET", base+"/api/v1/explorer", nil)
	req.Header.Set("Authorization", "Bearer "+viewerTok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := decodeJSON(resp.Body, v); err != nil {
		t.Fatal(err)
	}
	return v
}

// benchRequest asks for a random explorer view: total, a category, a site,
// or a SKU's detail.
func benchRequest(hc *http.Client, base string, v *ExplorerView, rng *rand.Rand) (time.Duration, bool) {
	q := url.Values{}
	pick := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		return l[rng.IntN(len(l))]
	}
	switch rng.IntN(4) {
	case 1:
		q.Set("category", pick(v.Options["categories"]))
	case 2:
		q.Set("site", pick(v.Options["sites"]))
	case 3:
		if len(v.Rows) > 0 {
			q.Set("q", "0")
		}
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/explorer?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+viewerTok)
	t0 := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return time.Since(t0), false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t0), resp.StatusCode == 200
}

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
