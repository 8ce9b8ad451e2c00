package forecast

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// TestParallel checks that parallel calls fn once for every index, whatever
// the number of workers, and stops with the context's error when it ends.
func TestParallel(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 2}, {1, 2}, {7, 1}, {1000, 2}, {1000, 8}, {5, 0}} {
		calls := make([]atomic.Int32, tc.n)
		if err := parallel(context.Background(), tc.n, tc.workers, func(i int) { calls[i].Add(1) }); err != nil {
			t.Fatalf("n %d workers %d: %v", tc.n, tc.workers, err)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n %d workers %d: index %d called %d times", tc.n, tc.workers, i, c)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	err := parallel(ctx, 1000, 2, func(i int) {
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: err %v, want context.Canceled", err)
	}
	if c := calls.Load(); c >= 1000 {
		t.Fatalf("cancelled run: %d calls, want it stopped early", c)
	}
}

// TestRunCancelled checks that Run stops with the context's error.
func TestRunCancelled(t *testing.T) {
	ds, _ := Synthetic(SyntheticOptions{SKUs: 20, Weeks: 80, Categories: 2, Seed: 5})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, ds, 0, DefaultOptions()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with a cancelled context: err %v, want context.Canceled", err)
	}
}

// TestParallelN checks that parallelN calls fn once for every index, for
// sizes around its chunk bounds and any number of workers.
func TestParallelN(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 2}, {1, 2}, {2, 2}, {7, 1}, {63, 2}, {513, 2}, {2000, 2}, {2001, 3}, {10000, 8}} {
		calls := make([]atomic.Int32, tc.n)
		parallelN(tc.n, tc.workers, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n %d workers %d: index %d called %d times", tc.n, tc.workers, i, c)
			}
		}
	}
}
