package forecast

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// bisectPhi is the calibration by grid and ten bisection steps that
// calibrateBands refines faster; kept here as the reference.
func bisectPhi(pts []calibPoint, tau, target float64) float64 {
	cover := func(phi float64) float64 {
		in := 0.0
		for _, p := range pts {
			in += pitCover(p.mu, phi, p.a, tau)
		}
		return in / float64(len(pts))
	}
	if cover(0) >= target {
		return 0
	}
	prev := 0.0
	for _, g := range []float64{1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10} {
		if cover(g) >= target {
			lo, hi := prev, g
			for range 10 {
				mid := (lo + hi) / 2
				if cover(mid) >= target {
					hi = mid
				} else {
					lo = mid
				}
			}
			return hi
		}
		prev = g
	}
	return math.NaN()
}

// nbDraw draws a negative binomial count (mean mu, dispersion phi) as a
// gamma-Poisson mixture.
func nbDraw(r *rand.Rand, mu, phi float64) float64 {
	lam := mu
	if phi > 0 {
		// gamma with shape 1/phi and scale mu*phi (Marsaglia-Tsang)
		k := 1 / phi
		boost := 1.0
		if k < 1 {
			boost = math.Pow(r.Float64(), 1/k)
			k++
		}
		d := k - 1.0/3
		c := 1 / math.Sqrt(9*d)
		for {
			x := r.NormFloat64()
			v := 1 + c*x
			if v <= 0 {
				continue
			}
			v = v * v * v
			if math.Log(r.Float64()) < 0.5*x*x+d-d*v+d*math.Log(v) {
				lam = d * v * boost * mu * phi
				break
			}
		}
	}
	// Poisson by inversion (lam is small here)
	n, p := 0.0, math.Exp(-lam)
	u, c := r.Float64(), p
	for u > c && n < 10000 {
		n++
		p *= lam / n
		c += p
	}
	return n
}

// TestCalibrateBands checks the calibrated dispersion against the bisection
// it replaces and that each band covers its target on the points.
func TestCalibrateBands(t *testing.T) {
	cases := []struct {
		name    string
		n       int
		phi     float64
		maxMean float64
	}{
		{"over-dispersed small counts", 20000, 0.4, 3},
		{"mildly over-dispersed", 20000, 0.05, 20},
		{"Poisson", 5000, 0, 5},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(ci)+1, 99))
			pts := make([]calibPoint, c.n)
			for i := range pts {
				mu := c.maxMean * r.Float64()
				pts[i] = calibPoint{mu: mu, a: nbDraw(r, mu, c.phi)}
			}
			sort.Slice(pts, func(i, j int) bool { return pts[i].mu < pts[j].mu })
			got := calibrateBands(pts, calibrationBands, 1)
			for b, bd := range calibrationBands {
				if bd.upper {
					if cv := coverBands(pts, got[b], []band{bd})[0]; cv < bd.target-1e-12 {
						t.Errorf("0.95 quantile: %.5f of the points at or below it, below target", cv)
					}
					continue
				}
				want := bisectPhi(pts, bd.tau, bd.target)
				t.Logf("band %.0f%%: phi %.6f, bisection %.6f", 100*bd.target, got[b], want)
				// both end inside the same crossing, within the bisection's resolution
				if math.Abs(got[b]-want) > 0.01*want+1e-6 {
					t.Errorf("band %.0f%%: phi %.5f, bisection %.5f", 100*bd.target, got[b], want)
				}
				if cv := coverBands(pts, got[b], []band{bd})[0]; cv < bd.target-1e-12 {
					t.Errorf("band %.0f%%: coverage %.5f below target", 100*bd.target, cv)
				}
			}
			if c.phi > 0 && (got[0] <= 0 || got[1] <= 0) {
				t.Errorf("over-dispersed data calibrated to Poisson: %v", got)
			}
		})
	}
}

// TestNBBandsMatches checks nbBands and bandWalker against nbQuantiles and
// pitCover, which they replace in the backtest scoring and the level
// forecasts, bit for bit.
func TestNBBandsMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	mus := []float64{1e-9, 0.01, 0.3, 1, 2.5, 7, 40, 300, 499, 600, 0, -1}
	phis := []float64{0, 1e-10, 0.01, 0.2, 1, 5}
	n := 0
	for _, mu := range mus {
		for _, p80 := range phis {
			for range 30 {
				p95 := phis[r.IntN(len(phis))]
				a := math.Round(mu * 3 * r.Float64())
				if r.IntN(5) == 0 {
					a = float64(r.IntN(20))
				}
				q, c80, c95 := nbBands(mu, p80, p95, a)
				wq := nbQuantiles(mu, p80, p95)
				w80, w95 := pitCover(mu, p80, a, 0.1), pitCover(mu, p95, a, 0.025)
				if q != wq || c80 != w80 || c95 != w95 {
					t.Fatalf("mu %g phi %g/%g a %g: got %v %v %v, want %v %v %v", mu, p80, p95, a, q, c80, c95, wq, w80, w95)
				}
				// a walker that last saw this mean and dispersions (kept
				// pmf starts), or another mean (fresh ones)
				for _, prev := range []float64{mu, mu + 1} {
					var w bandWalker
					w.bands(prev, p80, p95, a)
					if q2, b80, b95 := w.bands(mu, p80, p95, a); q2 != wq || b80 != w80 || b95 != w95 {
						t.Fatalf("walker after mean %g: mu %g phi %g/%g a %g: got %v %v %v, want %v %v %v", prev, mu, p80, p95, a, q2, b80, b95, wq, w80, w95)
					}
					if q2 := w.quantiles(mu, p80, p95); q2 != wq {
						t.Fatalf("walker quantiles after mean %g: mu %g phi %g/%g: got %v, want %v", prev, mu, p80, p95, q2, wq)
					}
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no cases")
	}
}

// TestCoverageWorkers checks that the coverage shared among goroutines sums
// to the serial loop's value bit for bit, and that the calibration does not
// depend on the number of workers.
func TestCoverageWorkers(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pts := make([]calibPoint, 5*coverChunk+17)
	for i := range pts {
		mu := 8 * r.Float64()
		pts[i] = calibPoint{mu: mu, a: nbDraw(r, mu, 0.3)}
	}
	for _, phi := range []float64{0, 0.05, 0.7} {
		want := make([]float64, len(calibrationBands))
		for _, p := range pts {
			for b, bd := range calibrationBands {
				want[b] += pitCover(p.mu, phi, p.a, bd.tau)
			}
		}
		for b := range want {
			want[b] /= float64(len(pts))
		}
		for _, w := range []int{1, 2, 5} {
			got := newCoverage(pts, w).bands(phi, calibrationBands)
			if got[0] != want[0] || got[1] != want[1] {
				t.Fatalf("phi %g, %d workers: coverage %v, serial loop %v", phi, w, got, want)
			}
		}
	}
	a, b := calibrateBands(pts, calibrationBands, 1), calibrateBands(pts, calibrationBands, 3)
	if a[0] != b[0] || a[1] != b[1] || a[0] <= 0 {
		t.Fatalf("calibration on 1 and 3 workers: %v vs %v", a, b)
	}
}

// TestCalibrateNestedBands: when the backtest errors have wide shoulders
// and thin tails, the 80 % band alone would need more dispersion than the
// 95 % band; the bands must stay nested all the same.
func TestCalibrateNestedBands(t *testing.T) {
	var pts []calibPoint
	for i := range 400 {
		a := 50.0
		switch i % 10 {
		case 0, 1:
			a = 65
		case 2:
			a = 35
		}
		pts = append(pts, calibPoint{mu: 50, a: a})
	}
	raw := calibrateBands(append([]calibPoint(nil), pts...), calibrationBands, 2)
	if raw[1] >= raw[0] {
		t.Fatalf("fixture does not exercise the case: raw phi80 %g, phi95 %g", raw[0], raw[1])
	}
	byH := make([][]calibPoint, 13)
	for h := range byH {
		byH[h] = pts
	}
	d := calibrate(byH, 2)
	for h := range 13 {
		p80, p95 := d.at(h)
		if p95 < p80 {
			t.Errorf("h %d: phi95 %g below phi80 %g", h+1, p95, p80)
		}
		q := nbQuantiles(50, p80, p95)
		if !(q[0] <= q[1] && q[1] <= q[2] && q[2] <= q[3] && q[3] <= q[4]) {
			t.Errorf("h %d: quantiles not ordered: %v", h+1, q)
		}
	}
}

// TestAddPointsMatchesAdd: addPoints gives the same scores, to the bit, as
// Score.Add point by point.
func TestAddPointsMatchesAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	weeks, H := 60, 13
	bos := []int{30, 34, 38, 50} // the last origin runs past the data
	actual := make([]float64, weeks)
	for i := range actual {
		actual[i] = float64(rng.IntN(20))
	}
	bt := make([][]float64, len(bos))
	for oi := range bt {
		bt[oi] = make([]float64, H)
		for h := range bt[oi] {
			bt[oi][h] = rng.Float64() * 20
		}
	}
	for _, scale := range []float64{0, 2.5} {
		want := make([]Score, len(horizonBuckets))
		for oi, o := range bos {
			for h := range H {
				if o+h >= weeks {
					continue
				}
				for bi, b := range horizonBuckets {
					if h+1 >= b.Lo && h+1 <= b.Hi {
						want[bi].Add(bt[oi][h], actual[o+h], scale)
					}
				}
			}
		}
		got := make([]Score, len(horizonBuckets))
		addPoints(bt, actual, bos, H, scale, got)
		for bi := range want {
			if got[bi] != want[bi] {
				t.Errorf("scale %g bucket %s: %+v, want %+v", scale, horizonBuckets[bi].Name, got[bi], want[bi])
			}
		}
	}
}
