package forecast

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestRunSynthetic(t *testing.T) {
	ds, _ := Synthetic(SyntheticOptions{SKUs: 60, Weeks: 130, Categories: 4, Seed: 3, WithLinks: true})
	opts := DefaultOptions()
	res, err := Run(context.Background(), ds, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 60 || len(res.BacktestOrigins) != 4 {
		t.Fatalf("got %d series, %d origins", len(res.Series), len(res.BacktestOrigins))
	}
	// coherence: category, sector, site and total sums equal the SKU sums
	sums := map[string][]float64{}
	for _, l := range res.Levels {
		tot := make([]float64, res.Horizon)
		for _, k := range l.Keys {
			for h, v := range k.Mean {
				tot[h] += v
				if math.IsNaN(v) || v < 0 {
					t.Fatalf("%s %s: bad mean %v", l.Level, k.Key, k.Mean)
				}
				if k.Q[h][1] > v+1 || k.Q[h][3] < k.Q[h][1] || k.Q[h][4] < k.Q[h][3] {
					t.Fatalf("%s %s h%d: bad quantiles %v for mean %v", l.Level, k.Key, h, k.Q[h], v)
				}
			}
		}
		sums[l.Level] = tot
	}
	for _, lv := range []string{LevelCategory, LevelSector, LevelSite, LevelTotal} {
		for h := range res.Horizon {
			if d := math.Abs(sums[lv][h] - sums[LevelSKU][h]); d > 1e-6*math.Max(1, sums[LevelSKU][h]) {
				t.Fatalf("level %s h%d sums to %v, SKUs to %v", lv, h+1, sums[lv][h], sums[LevelSKU][h])
			}
		}
	}
	// reasons: units sum to the SKU forecast
	per := map[string]float64{}
	for _, r := range res.Reasons {
		if r.Level == LevelSKU && r.H == 1 {
			per[r.Key] += r.Units
		}
	}
	for _, s := range res.Series {
		if math.Abs(per[s.Series.Key]-s.Mean[0]) > 1e-9*math.Max(1, s.Mean[0]) {
			t.Fatalf("%s: reason units %v != forecast %v", s.Series.Key, per[s.Series.Key], s.Mean[0])
		}
	}
	if len(res.Workload) == 0 {
		t.Fatal("no workload rows")
	}
	// the engine should beat seasonal naive on this data in the backtest
	var eng, sn Score
	for _, l := range res.Levels {
		if l.Level != LevelSKU {
			continue
		}
		for _, a := range l.Accuracy {
			if a.Key == "*" && a.Horizons == "all" {
				switch a.Model {
				case "engine":
					eng = a.Score
				case ModelSNaive:
					sn = a.Score
				}
			}
		}
	}
	if !(eng.WAPE() < sn.WAPE()) {
		t.Fatalf("engine WAPE %.3f not below seasonal naive %.3f", eng.WAPE(), sn.WAPE())
	}
	t.Logf("engine WAPE %.3f, snaive %.3f, coverage80 %.3f, coverage95 %.3f", eng.WAPE(), sn.WAPE(), eng.Coverage80(), eng.Coverage95())
}

func TestCUSUMDetectsShift(t *testing.T) {
	n := make([]float64, 120)
	x := make([]float64, 120)
	for i := range n {
		n[i] = 20
		x[i] = 2 // 10 %
		if i >= 100 {
			x[i] = 10 // 50 % from week 100
		}
	}
	alerts := cusum(x, n, nil, x, n, nil, 120, 0.001, 0)
	if len(alerts) != 1 {
		t.Fatalf("want 1 alert, got %+v", alerts)
	}
	a := alerts[0]
	if a.StartWeek != 100 || a.DetectedWeek > 101 || a.Strength < 1 {
		t.Fatalf("alert %+v: want start 100, detected by 101", a)
	}
	if none := cusum(x[:100], n[:100], nil, x[:100], n[:100], nil, 100, 0.001, 0); len(none) != 0 {
		t.Fatalf("false alarms on a constant share: %+v", none)
	}
}

func TestNBQuantiles(t *testing.T) {
	q := nbQuantiles(10, 0, 0)
	// Poisson(10): integer quantiles 4, 6, 10, 14, 17 (2.5 .. 97.5 %); the
	// interpolated ones lie in the CDF jump just below each.
	want := [5]float64{4, 6, 10, 14, 17}
	for i := range q {
		if q[i] > want[i] || q[i] < want[i]-1 {
			t.Fatalf("Poisson(10) quantile %d = %v, want in (%v, %v]", i, q[i], want[i]-1, want[i])
		}
	}
	w := nbQuantiles(10, 0.5, 0.5)
	if w[3] <= q[3] || w[4] <= q[4] {
		t.Fatalf("overdispersed quantiles %v not wider than Poisson %v", w, q)
	}
}

func BenchmarkRun(b *testing.B) {
	ds, _ := Synthetic(SyntheticOptions{SKUs: 200, Weeks: 156, Seed: 1, WithLinks: true})
	opts := DefaultOptions()
	for b.Loop() {
		if _, err := Run(context.Background(), ds, 0, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCUSUMRate: the reason's share stays at 10 % but its returns per
// exposed unit triple from week 100 (a defect raising returns of every
// reason); the rate test fires. When exposure triples too (a sales peak),
// it stays silent.
func TestCUSUMRate(t *testing.T) {
	const T = 120
	n, x, e, e2 := make([]float64, T), make([]float64, T), make([]float64, T), make([]float64, T)
	for i := range T {
		n[i], x[i], e[i], e2[i] = 20, 2, 100, 100
		if i >= 100 {
			n[i], x[i], e2[i] = 60, 6, 300
		}
	}
	got := cusum(x, n, e, x, n, e, T, 0.001, 0)
	// per week 6 ln 2 - 2 = 2.16 against h = ln 2000 = 7.6: the 4th week crosses
	if len(got) != 1 || got[0].StartWeek != 100 || got[0].DetectedWeek != 103 {
		t.Fatalf("rate shift: want one alert from week 100 detected in 103, got %+v", got)
	}
	if peak := cusum(x, n, e2, x, n, e2, T, 0.001, 0); len(peak) != 0 {
		t.Fatalf("sales peak with a steady rate raised %+v", peak)
	}
}

// TestCUSUMMinCount: a rare reason (about 0.6 % usual share) makes both
// returns of a quiet week 101, then 1 of 20 in week 102. The share statistic
// crosses h = ln(200) = 5.3 on those 2 returns alone (2 ln(0.106/0.006) =
// 5.8); a minimum of 3 reason returns since the change point holds the alert
// back until the third one comes.
func TestCUSUMMinCount(t *testing.T) {
	const T = 120
	n, x := make([]float64, T), make([]float64, T)
	for i := range T {
		n[i] = 20
		if i%10 == 0 {
			x[i] = 1 // 0.5 %
		}
	}
	x[100], x[101], x[102], x[103], x[104] = 0, 2, 1, 0, 0
	n[101] = 2
	for _, tc := range []struct {
		name     string
		minCount float64
		want     int // detected week, -1 = none
	}{
		{"no minimum", 0, 101},
		{"minimum 3", 3, 102},
		{"minimum 10", 10, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cusum(x, n, nil, x, n, nil, 105, 0.01, tc.minCount)
			switch {
			case tc.want < 0 && len(got) != 0:
				t.Fatalf("want no alert, got %+v", got)
			case tc.want >= 0 && (len(got) != 1 || got[0].DetectedWeek != tc.want):
				t.Fatalf("want one alert detected in week %d, got %+v", tc.want, got)
			}
		})
	}
}

// TestRunWorkersDeterministic checks that the parallel parts of Run (fits,
// reconciliation, alerts) give the same results on one worker and on four.
func TestRunWorkersDeterministic(t *testing.T) {
	ds, _ := Synthetic(SyntheticOptions{SKUs: 80, Weeks: 120, Categories: 5, Seed: 9, WithLinks: true})
	run := func(workers int) *Result {
		o := DefaultOptions()
		o.Workers = workers
		res, err := Run(context.Background(), ds, 0, o)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(1), run(4)
	if len(a.Levels) != len(b.Levels) {
		t.Fatalf("levels: %d vs %d", len(a.Levels), len(b.Levels))
	}
	for i := range a.Levels {
		la, lb := a.Levels[i], b.Levels[i]
		// printed values compare NaN (an undefined MASE) as equal
		if keysText(la.Keys) != keysText(lb.Keys) {
			t.Errorf("level %s: keys differ between 1 and 4 workers", la.Level)
		}
		if fmt.Sprint(la.Accuracy) != fmt.Sprint(lb.Accuracy) {
			t.Errorf("level %s: accuracy rows differ between 1 and 4 workers", la.Level)
		}
	}
	if len(a.Alerts) == 0 || fmt.Sprint(a.Alerts) != fmt.Sprint(b.Alerts) {
		t.Errorf("alerts differ or none: %d vs %d", len(a.Alerts), len(b.Alerts))
	}
	if fmt.Sprint(a.Reasons) != fmt.Sprint(b.Reasons) {
		t.Errorf("reason forecasts differ")
	}
}

func keysText(ks []*KeyResult) string {
	var b strings.Builder
	for _, k := range ks {
		fmt.Fprintf(&b, "%+v\n", *k)
	}
	return b.String()
}
