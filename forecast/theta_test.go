package forecast

import (
	"errors"
	"math"
	"math/rand/v2"
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

// seasonTestRef is seasonTest as first written (every lag summed, the
// deviations computed in each product): the reference the faster one must
// match.
func seasonTestRef(y []float64, m int) bool {
	n := len(y)
	if m <= 1 || n <= 2*m {
		return false
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	var den float64
	for _, v := range y {
		den += (v - mean) * (v - mean)
	}
	if den == 0 || math.IsInf(den, 0) || math.IsNaN(den) {
		return false
	}
	acf := func(k int) float64 {
		s := 0.0
		for t := 0; t+k < n; t++ {
			s += (y[t] - mean) * (y[t+k] - mean)
		}
		return s / den
	}
	s2 := 0.0
	for k := 1; k < m; k++ {
		r := acf(k)
		s2 += r * r
	}
	stat := math.Sqrt((1 + 2*s2) / float64(n))
	return math.Abs(acf(m)) > 1.6448536269514722*stat
}

// TestSeasonTestMatches checks seasonTest's early exit against the full
// sum on 6,000 series (seasonal of varying strength, trending, noise,
// counts), periods 4, 12 and 52: the same decision on every one, and both
// answers occur.
func TestSeasonTestMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	yes, no := 0, 0
	for i := range 6000 {
		m := []int{4, 12, 52}[i%3]
		n := 2*m + 1 + r.IntN(3*m)
		amp := []float64{0, 1, 3, 6}[r.IntN(4)]
		trend := []float64{0, 0.02, 0.3}[r.IntN(3)]
		y := make([]float64, n)
		for t := range y {
			v := 10 + trend*float64(t) + amp*math.Sin(2*math.Pi*float64(t)/float64(m)) + r.NormFloat64()
			if i%5 == 0 {
				v = math.Max(0, math.Round(v-9)) // small counts, many zeros
			}
			y[t] = v
		}
		got, want := seasonTest(y, m), seasonTestRef(y, m)
		if got != want {
			t.Fatalf("series %d (m %d, n %d): seasonTest %v, full sum %v", i, m, n, got, want)
		}
		if got {
			yes++
		} else {
			no++
		}
	}
	t.Logf("seasonal %d, not %d", yes, no)
	if yes < 500 || no < 500 {
		t.Errorf("fixture too one-sided: %d seasonal, %d not", yes, no)
	}
}
