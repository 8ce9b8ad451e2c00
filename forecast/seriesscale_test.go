package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSeriesScaleKnownAnswer checks the scale against values worked by
// hand: with mu = 10,000 and phi0 = 0.01 the set's standard deviation is
// sqrt(10,000 + 1,000,000) and a scale w gives sqrt(10,000 + w 1,000,000);
// absolute errors equal to c times the scale-4 deviation give w = 4 before
// shrinkage, 4^(n / (n + 48)) after it.
func TestSeriesScaleKnownAnswer(t *testing.T) {
	const mu, phi0 = 10000.0, 0.01
	sdAt := func(w float64) float64 { return math.Sqrt(mu + w*phi0*mu*mu) }
	cases := []struct {
		name   string
		n      int
		absErr float64 // |a - mu| of every point
		c      float64
		phi0   float64
		want   float64
	}{
		{"four times the set's dispersion, 48 points", 48, sdAt(4), 1, phi0, 2},
		{"four times, 144 points", 144, sdAt(4), 1, phi0, math.Pow(4, 144.0/192)},
		{"the set's own errors", 48, 0.8 * sdAt(1), 0.8, phi0, 1},
		{"a quarter, 48 points", 48, sdAt(0.25), 1, phi0, 0.5},
		{"no error: the lower bound, shrunk", 48, 0, 1, phi0, 1 / math.Sqrt(seriesScaleMax)},
		{"huge errors: the upper bound, shrunk", 48, 100 * sdAt(1), 1, phi0, math.Sqrt(seriesScaleMax)},
		{"no over-dispersion in the set", 48, 500, 1, 0, 1},
		{"no set ratio", 48, 500, 0, phi0, 1},
		{"NaN set ratio", 48, 500, math.NaN(), phi0, 1},
		{"NaN errors", 48, math.NaN(), 1, phi0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pts := make([]scaledPoint, tc.n)
			for i := range pts {
				sign := float64(1 - 2*(i%2))
				pts[i] = scaledPoint{mu, mu + sign*tc.absErr, tc.phi0}
			}
			// a point without a forecast mean counts for nothing
			pts = append(pts, scaledPoint{0, 1e9, tc.phi0})
			got := seriesScale(pts, tc.c)
			if math.Abs(got-tc.want) > 1e-6*tc.want {
				t.Errorf("scale %.8f, want %.8f", got, tc.want)
			}
		})
	}
}

// TestSeriesScaleCoverage draws two groups of series around the same means,
// one calm (dispersion 0.02) and one noisy (0.3), and calibrates the 80 %
// band on their backtest-like draws with and without the per-series
// scale. On fresh draws, one dispersion for all covers the calm group too
// often and the noisy one too rarely; the scale (shrunk: 60 points per
// series) moves each group at least 5 points toward 80 %, keeps the
// overall coverage at 80 % and lowers the bands' quantile loss.
func TestSeriesScaleCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	const series, per = 200, 60
	phis := func(i int) float64 {
		if i < series/2 {
			return 0.02
		}
		return 0.3
	}
	mus := make([]float64, series)
	pts := make([][]scaledPoint, series)
	var calib []calibPoint
	for i := range series {
		mus[i] = 20 + 80*r.Float64()
		for range per {
			pts[i] = append(pts[i], scaledPoint{mus[i], nbDraw(r, mus[i], phis(i)), 0})
		}
	}
	phi0 := momentPhi(flatten(pts))
	for i := range pts {
		for j := range pts[i] {
			pts[i][j].phi0 = phi0
		}
	}
	w := seriesScales(pts, 2)
	if !(w[0] < 1 && w[series-1] > 1) {
		t.Fatalf("scales: calm %.3f, noisy %.3f: want under and over 1", w[0], w[series-1])
	}
	band80 := []band{calibrationBands[0]}
	cover := func(scaled bool) (calm, noisy, loss float64) {
		calib = calib[:0]
		for i := range pts {
			for _, p := range pts[i] {
				cp := calibPoint{mu: p.mu, a: p.a}
				if scaled {
					cp.w = w[i]
				}
				calib = append(calib, cp)
			}
		}
		slices.SortFunc(calib, func(p, q calibPoint) int { return cmpFloat(p.mu, q.mu) })
		phi := calibrateBands(calib, band80, 2)[0]
		fresh := rand.New(rand.NewPCG(13, 17))
		var c [2]float64
		for i := range series {
			pw := phi
			if scaled {
				pw *= w[i]
			}
			lo, hi := nbInterval(mus[i], pw, 0.1)
			for range per {
				a := nbDraw(fresh, mus[i], phis(i))
				c[i*2/series] += pitCover(mus[i], pw, a, 0.1)
				loss += pinballLoss(a, lo, 0.1) + pinballLoss(a, hi, 0.9)
			}
		}
		n := float64(series / 2 * per)
		return c[0] / n, c[1] / n, loss / (2 * n)
	}
	c0, n0, l0 := cover(false)
	c1, n1, l1 := cover(true)
	t.Logf("one dispersion: calm %.3f, noisy %.3f, loss %.3f; scaled: calm %.3f, noisy %.3f, loss %.3f", c0, n0, l0, c1, n1, l1)
	if c0 < 0.86 || n0 > 0.74 {
		t.Errorf("fixture does not separate the groups: one dispersion covers %.3f and %.3f", c0, n0)
	}
	if c0-c1 < 0.05 || n1-n0 < 0.05 {
		t.Errorf("the scale moves the groups from %.3f and %.3f to %.3f and %.3f: want 5 points toward 0.80 each", c0, n0, c1, n1)
	}
	if all := (c1 + n1) / 2; math.Abs(all-0.8) > 0.02 {
		t.Errorf("scaled coverage over both groups %.3f, want 0.80 +- 0.02", all)
	}
	if l1 >= l0 {
		t.Errorf("quantile loss with the scale %.4f, not below one dispersion's %.4f", l1, l0)
	}
}

func flatten(pts [][]scaledPoint) []calibPoint {
	var out []calibPoint
	for _, s := range pts {
		for _, p := range s {
			out = append(out, calibPoint{mu: p.mu, a: p.a})
		}
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case b < a:
		return 1
	}
	return 0
}

func pinballLoss(a, q, tau float64) float64 {
	if a >= q {
		return tau * (a - q)
	}
	return (1 - tau) * (q - a)
}
