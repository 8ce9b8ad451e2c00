package serve

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// fakeClock is the injected clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(s string) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// countingPipeline counts refreshes and the most that ran at once.
type countingPipeline struct {
	calls, running, most atomic.Int32
	delay                time.Duration
}

func (p *countingPipeline) pipeline() Pipeline {
	return Pipeline{
		Load: func(context.Context, *warehouse.DB, string, LoadOptions) (LoadResult, error) {
			return LoadResult{}, nil
		},
		Refresh: func(context.Context, *warehouse.DB, string, string) (RefreshResult, error) {
			n := p.running.Add(1)
			defer p.running.Add(-1)
			for {
				m := p.most.Load()
				if n <= m || p.most.CompareAndSwap(m, n) {
					break
				}
			}
			p.calls.Add(1)
			time.Sleep(p.delay)
			return RefreshResult{Week: "2026-W48", Lines: []string{"refreshed"}}, nil
		},
	}
}

func runKinds(t *testing.T, w *warehouse.DB) map[string]int {
	t.Helper()
	rows, err := w.Query(context.Background(), `SELECT kind, count(*) FROM serve_runs WHERE status = 'ok' GROUP BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

func TestSchedule(t *testing.T) {
	e := newEnv(t, "schedule: \"0 6 * * 1\"\ntimezone: Europe/Paris\n", nil)
	clock := &fakeClock{}
	pipe := &countingPipeline{}
	mk := func() *Server {
		s, err := New(e.w, Options{Config: e.cfg, Pipeline: pipe.pipeline(), Log: discardLogger(), Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ctx := context.Background()
	clock.Set("2026-11-29T12:00:00Z") // Sunday: the service starts
	s := mk()
	if err := s.recordStart(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at    string
		calls int32
	}{
		{"2026-11-30T04:59:00Z", 0}, // 05:59 in Paris
		{"2026-11-30T05:00:20Z", 1}, // Monday 06:00 Paris: fires
		{"2026-11-30T05:00:40Z", 1}, // same minute: not again
		{"2026-12-03T09:00:00Z", 1},
		{"2026-12-07T05:00:05Z", 2}, // next Monday
	}
	for _, st := range steps {
		clock.Set(st.at)
		if err := s.checkSchedule(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		if got := pipe.calls.Load(); got != st.calls {
			t.Fatalf("at %s: %d runs, want %d", st.at, got, st.calls)
		}
	}
	// The process is down over two Mondays and starts on a Wednesday: the
	// missed run runs once, at start.
	clock.Set("2026-12-23T10:00:00Z")
	s = mk()
	if err := s.recordStart(ctx); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := s.checkSchedule(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if got := pipe.calls.Load(); got != 3 {
		t.Fatalf("after a restart past two missed Mondays: %d runs in all, want 3", got)
	}
	var sched time.Time
	if err := e.w.QueryRow(ctx, `SELECT scheduled_for FROM serve_runs WHERE kind = 'missed'`).Scan(&sched); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 21, 5, 0, 0, 0, time.UTC); !sched.Equal(want) {
		t.Errorf("missed run stands for %s, want the latest missed time %s", sched, want)
	}
	if k := runKinds(t, e.w); k[KindScheduled] != 2 || k[KindMissed] != 1 || k[KindStart] != 2 {
		t.Errorf("recorded runs %v, want 2 scheduled, 1 missed, 2 starts", k)
	}
}

func TestRunsNeverOverlap(t *testing.T) {
	pipe := &countingPipeline{delay: 150 * time.Millisecond}
	p := pipe.pipeline()
	e := newEnv(t, "", &p)
	ctx := context.Background()
	clock := &fakeClock{}
	clock.Set("2026-11-30T05:00:00Z")
	if _, err := e.w.Exec(ctx, `INSERT INTO serve_runs (run_id, kind, scheduled_for, started_at, status) VALUES (nextval('serve_run_seq'), 'scheduled', TIMESTAMP '2026-11-23 06:00:00', TIMESTAMP '2026-11-23 06:00:00', 'ok')`); err != nil {
		t.Fatal(err)
	}
	s, err := New(e.w, Options{Config: e.cfg, Pipeline: p, Log: discardLogger(), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	clock.Set("2026-11-30T06:00:10Z")
	var wg sync.WaitGroup
	busy := atomic.Int32{}
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 0 {
				if err := s.checkSchedule(ctx, clock.Now()); err != nil {
					t.Error(err)
				}
				return
			}
			err := s.run(ctx, KindManual, time.Time{}, i%2 == 0, func(ctx context.Context, _ int64) (string, error) {
				_, err := p.Refresh(ctx, nil, "", "")
				return "", err
			})
			if errors.Is(err, ErrBusy) {
				busy.Add(1)
			} else if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := pipe.most.Load(); m != 1 {
		t.Fatalf("%d runs at once, want 1", m)
	}
	if got := pipe.calls.Load() + busy.Load(); got != 4 {
		t.Fatalf("%d runs + %d refused as busy, want 4 in all", pipe.calls.Load(), busy.Load())
	}
}
