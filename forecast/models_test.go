package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

func approx(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s: [%d] = %.6f, want %.6f (all %v)", what, i, got[i], want[i], got)
		}
	}
}

func mustForecast(t *testing.T, m Model, in *Input, h int) []float64 {
	t.Helper()
	f, err := Forecast(m, in, h)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	return f
}

func TestBaselines(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	cases := []struct {
		name string
		m    Model
		per  int
		want []float64
	}{
		{"naive", Naive{}, 0, []float64{10, 10, 10}},
		{"snaive period 4", SeasonalNaive{}, 4, []float64{7, 8, 9, 10, 7}},
		{"snaive too short falls back", SeasonalNaive{}, 52, []float64{10, 10}},
		{"ma 4", MovingAverage{Window: 4}, 0, []float64{8.5, 8.5}},
		{"ma longer than history", MovingAverage{Window: 20}, 0, []float64{5.5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mustForecast(t, c.m, &Input{Y: y, Period: c.per}, len(c.want))
			approx(t, c.name, got, c.want, 1e-12)
		})
	}
}

// TestCrostonSBAHand checks the recursions against a hand computation:
// y = 0 3 0 0 5 0, alpha 0.1: first demand z=3, p=2; then z=3+0.1(5-3)=3.2,
// p=2+0.1(3-2)=2.1; SBA forecast 0.95 x 3.2 / 2.1.
func TestCrostonSBAHand(t *testing.T) {
	in := &Input{Y: []float64{0, 3, 0, 0, 5, 0}}
	got := mustForecast(t, CrostonSBA{Alpha: 0.1}, in, 2)
	w := 0.95 * 3.2 / 2.1
	approx(t, "croston", got, []float64{w, w}, 1e-12)
}

// TestTSBHand: alpha 0.1, beta 0.2 on 0 3 0 0 5 0: d0 = 1/2, z0 = 3 at the
// first demand; d: 0.4, 0.32, 0.456 (demand, z = 3.2), 0.3648; forecast d z.
func TestTSBHand(t *testing.T) {
	in := &Input{Y: []float64{0, 3, 0, 0, 5, 0}}
	got := mustForecast(t, TSB{Alpha: 0.1, Beta: 0.2}, in, 1)
	approx(t, "tsb", got, []float64{0.3648 * 3.2}, 1e-12)
}

func TestHoltWintersExact(t *testing.T) {
	const m = 12
	season := func(i int) float64 { return 5 * math.Sin(2*math.Pi*float64(i)/m) }
	line := func(i int) float64 { return 20 + 0.5*float64(i) }
	var y []float64
	for i := range 4 * m {
		y = append(y, line(i)+season(i))
	}
	h := 15
	var want []float64
	for i := len(y); i < len(y)+h; i++ {
		want = append(want, line(i)+season(i))
	}
	got := mustForecast(t, HoltWinters{}, &Input{Y: y, Period: m}, h)
	approx(t, "holt-winters", got, want, 1e-6)
}

func TestSESAndDampedOnConstant(t *testing.T) {
	y := []float64{7, 7, 7, 7, 7, 7, 7, 7}
	for _, m := range []Model{SES{}, Damped{}, ETS{}} {
		got := mustForecast(t, m, &Input{Y: y}, 3)
		approx(t, m.Name(), got, []float64{7, 7, 7}, 1e-6)
	}
}

// TestOrderLinkedCohort: 100 units shipped every week, 10 % returned with lag
// pmf 0.5 0.3 0.2; future shipments 200, 0, 0 give 0.1 x (0.5x200 + 0.3x100 +
// 0.2x100) = 15, then 0.1 x (0.3x200 + 0.2x100) = 8, then 0.1 x 0.2x200 = 4.
func TestOrderLinkedCohort(t *testing.T) {
	x := []float64{100, 100, 100, 100, 100, 100}
	y := []float64{5, 8, 10, 10, 10, 10}
	for _, strength := range []float64{0, 1e9} {
		pool := &Pool{LagPMF: []float64{0.5, 0.3, 0.2}, ReturnProb: 0.1, PriorStrength: strength}
		in := &Input{Y: y, X: x, XFuture: []float64{200, 0, 0}, Pool: pool}
		got := mustForecast(t, OrderLinked{}, in, 3)
		approx(t, "order-linked", got, []float64{15, 8, 4}, 1e-9)
	}
	// shrinkage: a SKU returning 20 % pulled toward a 10 % group
	pool := &Pool{LagPMF: []float64{1}, ReturnProb: 0.1, PriorStrength: 300}
	in := &Input{Y: []float64{20, 20, 20}, X: []float64{100, 100, 100}, XFuture: []float64{100}, Pool: pool}
	got := mustForecast(t, OrderLinked{HalfLife: 1e9}, in, 1)
	// R = 40 (t=1,2), E = 200: (40 + 30) / (200 + 300) = 0.14
	approx(t, "shrunk", got, []float64{14}, 1e-6)
	if _, err := Forecast(OrderLinked{}, &Input{Y: y}, 2); err == nil {
		t.Fatal("order-linked without shipments should fail")
	}
}

func TestRegressionDistributedLag(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 80
	x := make([]float64, n)
	for i := range x {
		x[i] = 50 + 50*r.Float64()
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = 2 + 0.1*float64(i)/52
		if i >= 1 {
			y[i] += 0.3 * x[i-1]
		}
		if i >= 2 {
			y[i] += 0.1 * x[i-2]
		}
	}
	xf := []float64{100, 60, 70}
	in := &Input{Y: y, X: x, XFuture: xf, Period: 52}
	got := mustForecast(t, Regression{Lags: 4}, in, 3)
	want := []float64{
		2 + 0.1*80.0/52 + 0.3*x[79] + 0.1*x[78],
		2 + 0.1*81.0/52 + 0.3*xf[0] + 0.1*x[79],
		2 + 0.1*82.0/52 + 0.3*xf[1] + 0.1*xf[0],
	}
	approx(t, "regression", got, want, 1e-6)
}

// TestModelsNeverInvalid is the property test: every model returns h finite,
// non-negative values on degenerate inputs.
func TestModelsNeverInvalid(t *testing.T) {
	huge := make([]float64, 120)
	for i := range huge {
		huge[i] = 1e300 * float64(i%3)
	}
	gaps := make([]float64, 120)
	for i := range gaps {
		if i%17 == 0 {
			gaps[i] = float64(i)
		}
	}
	inputs := map[string][]float64{
		"empty": nil, "one": {4}, "two": {0, 1}, "constant": constant(110, 3),
		"zeros": constant(120, 0), "huge": huge, "gaps": gaps, "tiny": {1e-300, 0, 1e-300},
	}
	for name, y := range inputs {
		t.Run(name, func(t *testing.T) { checkAllModels(t, y) })
	}
}

func constant(n int, v float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = v
	}
	return y
}

func checkAllModels(t *testing.T, y []float64) {
	t.Helper()
	pool := &Pool{LagPMF: []float64{0.6, 0.4}, ReturnProb: 0.1, PriorStrength: 10}
	for _, per := range []int{0, 12, 52} {
		x := make([]float64, len(y))
		for i := range x {
			x[i] = y[i] * 3
		}
		in := &Input{Y: y, X: x, XFuture: constant(13, 5), Period: per, Pool: pool}
		for _, m := range AllModels() {
			f, err := Forecast(m, in, 13)
			if err != nil {
				continue
			}
			if len(f) != 13 {
				t.Fatalf("%s: %d values", m.Name(), len(f))
			}
			for _, v := range f {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("%s on %v: invalid %v", m.Name(), y, f)
				}
			}
		}
	}
}

func FuzzModels(f *testing.F) {
	f.Add([]byte{0, 0, 0}, uint8(0))
	f.Add([]byte{1, 200, 3, 0, 0, 9}, uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, scale uint8) {
		y := make([]float64, len(b))
		for i, v := range b {
			y[i] = float64(v) * math.Pow(10, float64(scale%40))
		}
		checkAllModels(t, y)
	})
}
