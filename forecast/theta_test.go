package forecast

import (
	"errors"
	"math"
	"testing"
)

// On a straight line the Theta method's forecast is the last value plus
// half the slope per step (SES follows the line with alpha -> 1, the theta
// line adds b/2 per step), as R's thetaf() gives.
func TestThetaOnALine(t *testing.T) {
	y := make([]float64, 20)
	for i := range y {
		y[i] = 3 + 2*float64(i)
	}
	f := mustForecast(t, Theta{}, &Input{Y: y}, 4)
	approx(t, "theta", f, []float64{42, 43, 44, 45}, 1e-3)
}

// A purely seasonal series passes the seasonality test, is adjusted to a
// constant by the multiplicative decomposition and forecast as its season.
func TestThetaSeasonal(t *testing.T) {
	s := []float64{0.5, 1.5, 1, 1}
	y := make([]float64, 24)
	for i := range y {
		y[i] = 10 * s[i%4]
	}
	for _, m := range []Model{Theta{}, DynamicTheta{}} {
		f := mustForecast(t, m, &Input{Y: y, Period: 4}, 6)
		approx(t, m.Name(), f, []float64{5, 15, 10, 10, 5, 15}, 1e-6)
	}
	if seasonTest(y[:8], 4) {
		t.Fatal("8 values, period 4: the test needs more than two seasons")
	}
}

// With theta = 1 the theta line drops out and DOTM is SES with an optimal
// initial level; with a fitted theta it follows a straight line.
func TestDynamicTheta(t *testing.T) {
	y := []float64{5, 7, 6, 9, 8, 11, 10, 12, 11, 14, 13, 15}
	for _, a := range []float64{0.1, 0.4, 0.9} {
		l, _, _, _, _ := dotmProfile(y, a, 1)
		// the first value is not scored: SES on y[1:] from the optimal level
		ls, _ := sesProfile(y[1:], a)
		if math.Abs(l-ls) > 1e-9 {
			t.Fatalf("alpha %g: DOTM(theta 1) level %g, SES %g", a, l, ls)
		}
	}
	// the one-pass profile agrees with a run from its initial level
	l, A, B, sse, l0 := dotmProfile(y, 0.3, 2.5)
	l2, A2, B2, sse2 := dotmRun(y, 0.3, 2.5, l0)
	approx(t, "dotm profile", []float64{l, A, B, sse}, []float64{l2, A2, B2, sse2}, 1e-9)
	if _, _, _, worse := dotmRun(y, 0.3, 2.5, l0+0.5); worse <= sse {
		t.Fatalf("initial level %g is not optimal: SSE %g, moved %g", l0, sse, worse)
	}
	line := make([]float64, 30)
	for i := range line {
		line[i] = 100 + 3*float64(i)
	}
	f := mustForecast(t, DynamicTheta{}, &Input{Y: line}, 3)
	approx(t, "dotm", f, []float64{190, 193, 196}, 0.01)
}

// ADIDA and IMAPA as statsforecast defines them: bucket size = mean
// interval between demands (rounded half to even), buckets counted from
// the end, SES with alpha in [0.1, 0.3] on the bucket sums.
func TestADIDAAndIMAPA(t *testing.T) {
	// demand in most periods: k = 1, SES itself; left out
	if _, err := Forecast(ADIDA{}, &Input{Y: []float64{1, 2, 0, 3, 1}}, 1); !errors.Is(err, ErrNotApplicable) {
		t.Fatalf("k = 1: err %v, want ErrNotApplicable", err)
	}
	// demand every third period: k = 3, bucket sums all 3, forecast 1
	y := []float64{0, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0, 3}
	approx(t, "adida", mustForecast(t, ADIDA{}, &Input{Y: y}, 2), []float64{1, 1}, 1e-12)
	// intervals 1, 3, 3: mean 2.33, k = 2; the oldest value is dropped,
	// buckets [0 0] [3 0] [0 3]
	y = []float64{5, 0, 0, 3, 0, 0, 3}
	want := sesBrute([]float64{0, 3, 3}) / 2
	approx(t, "adida", mustForecast(t, ADIDA{}, &Input{Y: y}, 1), []float64{want}, 1e-3)
	// IMAPA: the mean over bucket sizes 1..k
	y = []float64{0, 0, 3, 0, 0, 3, 0, 0, 3}
	want = (sesBrute(y) + sesBrute([]float64{3, 0, 3, 3})/2 + 1) / 3
	approx(t, "imapa", mustForecast(t, IMAPA{}, &Input{Y: y}, 1), []float64{want}, 1e-3)
	if meanInterval([]float64{0, 0, 0}) != 0 || mustForecast(t, IMAPA{}, &Input{Y: []float64{0, 0}}, 1)[0] != 0 {
		t.Fatal("no demand: forecast 0")
	}
}

// sesBrute is the SES forecast of x (level starts at x[0]) with the alpha of
// a fine grid over [0.1, 0.3] that minimises the one-step SSE.
func sesBrute(x []float64) float64 {
	best, arg := math.Inf(1), 0.0
	for a := 0.1; a <= 0.3+1e-12; a += 1e-5 {
		l, s := x[0], 0.0
		for _, v := range x[1:] {
			s += (v - l) * (v - l)
			l += a * (v - l)
		}
		if s < best {
			best, arg = s, l
		}
	}
	return arg
}
