package forecast

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sajari/regression"
)

// sajariFit fits the same design as fitRegression with github.com/sajari/regression.
func sajariFit(t *testing.T, y, x []float64, start, lags, period int) []float64 {
	t.Helper()
	hasX := len(x) == len(y) && len(x) > 0
	harm := 2
	if period <= 1 || len(y) < period {
		harm = 0
	}
	first := 0
	if hasX {
		first = lags - 1
	}
	fit := fitRegression(y, x, start, lags, period)
	if fit == nil {
		t.Fatal("fitRegression failed")
	}
	var r regression.Regression
	r.SetObserved("returns")
	for tt := first; tt < len(y); tt++ {
		row := regRow(nil, x, nil, tt, start, lags, period, harm, hasX)
		var v []float64
		for j, k := range fit.keep {
			if k {
				v = append(v, row[j])
			}
		}
		r.Train(regression.DataPoint(y[tt], v))
	}
	if err := r.Run(); err != nil {
		t.Fatal(err)
	}
	return r.GetCoeffs()
}

// TestRegressionMatchesSajari checks that fitRegression's own QR solve gives
// the coefficients github.com/sajari/regression gives on the same design.
func TestRegressionMatchesSajari(t *testing.T) {
	cases := []struct {
		name                string
		n, start, lags, per int
		withX, flatX        bool
	}{
		{"lags trend fourier", 150, 3, 8, 52, true, false},
		{"short: no fourier", 40, 0, 8, 52, true, false},
		{"no shipments", 120, 10, 8, 52, false, false},
		{"constant shipments column dropped", 90, 0, 4, 52, true, true},
		{"monthly", 60, 2, 3, 12, true, false},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(ci), 7))
			x := make([]float64, c.n)
			y := make([]float64, c.n)
			for i := range x {
				x[i] = 20 + 30*r.Float64() + 10*math.Sin(float64(i)/8)
				if c.flatX {
					x[i] = 0 // no shipments: the lag columns are constant
				}
			}
			for i := range y {
				mu := 1 + 0.02*float64(i)
				if i >= 1 {
					mu += 0.1 * x[i-1]
				}
				y[i] = math.Round(mu * (0.5 + r.Float64()))
			}
			var xs []float64
			if c.withX {
				xs = x
			}
			want := sajariFit(t, y, xs, c.start, c.lags, c.per)
			fit := fitRegression(y, xs, c.start, c.lags, c.per)
			dropped := 0
			for _, k := range fit.keep {
				if !k {
					dropped++
				}
			}
			if c.flatX && dropped != c.lags {
				t.Fatalf("dropped %d columns, want the %d constant lag columns", dropped, c.lags)
			}
			got := fit.coef
			approx(t, "coefficients", got, want, 1e-8)
		})
	}
}

// TestPooledFitUsesSajari: the pooled fit solved by sajari/regression and the
// per-SKU QR agree on the same design.
func TestPooledFitUsesSajari(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	n := 120
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = 50 + 20*r.Float64()
		y[i] = math.Round(2 + 0.1*x[i] + 3*r.Float64())
	}
	a := fitRegression(y, x, 0, 8, 52)
	b := fitRegressionSajari(y, x, 0, 8, 52)
	if a == nil || b == nil || len(a.coef) != len(b.coef) {
		t.Fatalf("fits: %v %v", a, b)
	}
	for i := range a.coef {
		if math.Abs(a.coef[i]-b.coef[i]) > 1e-8*math.Max(1, math.Abs(b.coef[i])) {
			t.Fatalf("coef %d: QR %v, sajari %v", i, a.coef[i], b.coef[i])
		}
	}
}

// TestFourierTable checks the cached Fourier terms against the expression
// they cache, for two periods in turn (the table is replaced) and beyond
// its bound.
func TestFourierTable(t *testing.T) {
	for _, period := range []int{52, 12, 52} {
		for _, c := range []int{0, 1, 51, 255, 256, 700, 3000, fourierMaxIndex + 5} {
			for j := 1; j <= 3; j++ {
				a := 2 * math.Pi * float64(j) * float64(c) / float64(period)
				s, co := fourier(j, c, period)
				if s != math.Sin(a) || co != math.Cos(a) {
					t.Fatalf("period %d c %d j %d: got %v %v, want %v %v", period, c, j, s, co, math.Sin(a), math.Cos(a))
				}
			}
		}
	}
}
