package forecast

import (
	"math"
	"sort"
	"sync"
)

// Intervals are negative-binomial: around a forecast mean mu the count has
// variance mu + phi mu^2 (phi = 0 is Poisson). phi is estimated per level and
// horizon from the backtest residuals of the selected forecasts, then
// calibrated separately for the 80 % and 95 % bands so that the backtest
// coverage matches the nominal rate (bisection on log phi).

// nbQuantiles returns the 2.5, 10, 50, 90 and 97.5 % quantiles of a negative
// binomial with mean mu and dispersion phi80 (for the 10/90 % pair) or phi95
// (for the 2.5/97.5 % pair). Large means use a normal approximation.
func nbQuantiles(mu, phi80, phi95 float64) [5]float64 {
	var q [5]float64
	if mu <= 0 || math.IsNaN(mu) {
		return q
	}
	lo95, hi95 := nbInterval(mu, phi95, 0.025)
	lo80, hi80 := nbInterval(mu, phi80, 0.1)
	med, _ := nbInterval(mu, phi80, 0.5)
	return [5]float64{lo95, lo80, med, hi80, hi95}
}

// nbInterval returns the tau and 1-tau quantiles.
func nbInterval(mu, phi, tau float64) (lo, hi float64) {
	v := mu + phi*mu*mu
	if mu > 500 {
		z := normQuantile(1 - tau)
		sd := math.Sqrt(v)
		return math.Max(0, mu-z*sd), mu + z*sd
	}
	// pmf recursion
	var p0 float64
	var ratio func(k int) float64
	if phi < 1e-9 {
		p0 = math.Exp(-mu)
		ratio = func(k int) float64 { return mu / float64(k) }
	} else {
		r := 1 / phi
		p := r / (r + mu)
		p0 = math.Exp(r * math.Log(p))
		ratio = func(k int) float64 { return (float64(k-1) + r) / float64(k) * (1 - p) }
	}
	// Quantiles are interpolated linearly inside the jump of the CDF at k
	// (q = k - 1 + (tau - F(k-1)) / P(k)), the continuous version of the
	// discrete quantile: integer quantiles of small counts would cover far
	// more than the nominal rate (a Poisson(1) 80 % band [0, 2] covers 92 %).
	lo, hi = -1, -1
	prev, pk := 0.0, p0
	cdf := p0
	interp := func(k int, t float64) float64 { return math.Max(0, float64(k-1)+(t-prev)/pk) }
	if cdf >= tau {
		lo = interp(0, tau)
	}
	if cdf >= 1-tau {
		hi = interp(0, 1-tau)
	}
	limit := int(mu + 40*math.Sqrt(v) + 50)
	for k := 1; k <= limit && hi < 0; k++ {
		prev = cdf
		pk *= ratio(k)
		cdf += pk
		if lo < 0 && cdf >= tau {
			lo = interp(k, tau)
		}
		if cdf >= 1-tau {
			hi = interp(k, 1-tau)
		}
	}
	if p0 == 0 || lo < 0 || hi < 0 { // underflow: fall back to normal
		z := normQuantile(1 - tau)
		sd := math.Sqrt(v)
		return math.Max(0, mu-z*sd), mu + z*sd
	}
	return lo, hi
}

// normQuantile is the standard normal quantile.
func normQuantile(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
}

// nbCDF returns F(a-1) and F(a) for a negative binomial (mean mu, dispersion
// phi); a is rounded to the nearest integer. Large means use the normal
// approximation with a continuity correction.
func nbCDF(mu, phi, a float64) (below, at float64) {
	k := int(math.Round(a))
	if k < 0 {
		return 0, 0
	}
	if mu <= 0 {
		return 0, 1
	}
	v := mu + phi*mu*mu
	if mu > 500 {
		sd := math.Sqrt(v)
		n := func(x float64) float64 { return 0.5 * math.Erfc(-(x-mu)/sd/math.Sqrt2) }
		return n(float64(k) - 0.5), n(float64(k) + 0.5)
	}
	var p0 float64
	var ratio func(k int) float64
	if phi < 1e-9 {
		p0 = math.Exp(-mu)
		ratio = func(k int) float64 { return mu / float64(k) }
	} else {
		r := 1 / phi
		p := r / (r + mu)
		p0 = math.Exp(r * math.Log(p))
		ratio = func(k int) float64 { return (float64(k-1) + r) / float64(k) * (1 - p) }
	}
	pk, cdf := p0, p0
	for j := 1; j <= k; j++ {
		below = cdf
		pk *= ratio(j)
		cdf += pk
	}
	return below, math.Min(cdf, 1)
}

// pitCover is the randomised coverage of actual a by the central band
// [tau, 1-tau]: the share of the CDF jump at a, [F(a-1), F(a)], inside the
// band. For a well-calibrated count forecast it averages exactly 1 - 2 tau;
// counting a as in or out (a >= lo and a <= hi) instead overstates coverage
// for small counts (a Poisson(1) 80 % band [0, 2] holds 92 % of outcomes).
func pitCover(mu, phi, a, tau float64) float64 { return PITCover(mu, phi, a, tau) }

// PITCover is the randomised coverage of count a by the central (1 - 2 tau)
// band of a negative binomial with mean mu and dispersion phi (see pitCover).
func PITCover(mu, phi, a, tau float64) float64 {
	lo, hi := nbCDF(mu, phi, a)
	if hi <= lo {
		if lo >= tau && lo <= 1-tau {
			return 1
		}
		return 0
	}
	in := math.Min(hi, 1-tau) - math.Max(lo, tau)
	return math.Max(0, in) / (hi - lo)
}

// calibPoint is a backtest point for interval calibration.
type calibPoint struct{ mu, a float64 }

// momentPhi is the method-of-moments dispersion: sum((a-mu)^2 - mu) / sum mu^2.
func momentPhi(pts []calibPoint) float64 {
	var num, den float64
	for _, p := range pts {
		d := p.a - p.mu
		num += d*d - p.mu
		den += p.mu * p.mu
	}
	if den == 0 || num <= 0 {
		return 0
	}
	return num / den
}

// calibratePhi finds the phi whose (1-2 tau) interval covers the share target
// of the points (grid then bisection; 0 if Poisson already
// covers enough). pts is subsampled to at most 100,000 points.
func calibratePhi(pts []calibPoint, tau, target float64) float64 {
	if len(pts) == 0 {
		return 0
	}
	if len(pts) > 100000 {
		step := len(pts) / 100000
		sub := make([]calibPoint, 0, 100000)
		for i := 0; i < len(pts); i += step {
			sub = append(sub, pts[i])
		}
		pts = sub
	}
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
	// coverage is not monotone in phi for very large phi (mass piles at 0),
	// so scan a log grid for the first phi reaching the target, then bisect.
	grid := []float64{1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}
	prev := 0.0
	bestPhi, bestCov := 0.0, cover(0)
	for _, g := range grid {
		c := cover(g)
		if c > bestCov {
			bestPhi, bestCov = g, c
		}
		if c >= target {
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
	return bestPhi
}

// dispersion holds calibrated phi per horizon (index h-1) for one level.
type dispersion struct{ phi80, phi95 []float64 }

// calibrate estimates phi80/phi95 per horizon from points grouped by horizon;
// horizons are pooled in buckets 1-4 and 5-13+ to keep enough points. The
// four searches (two buckets x two bands) run concurrently.
func calibrate(byH [][]calibPoint) dispersion {
	H := len(byH)
	d := dispersion{phi80: make([]float64, H), phi95: make([]float64, H)}
	buckets := [][2]int{{0, min(4, H)}, {min(4, H), H}}
	var wg sync.WaitGroup
	for _, b := range buckets {
		var pts []calibPoint
		for h := b[0]; h < b[1]; h++ {
			pts = append(pts, byH[h]...)
		}
		if len(pts) == 0 {
			continue
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].mu < pts[j].mu })
		for _, band := range []struct {
			tau, target float64
			dst         []float64
		}{{0.1, 0.80, d.phi80}, {0.025, 0.95, d.phi95}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				phi := calibratePhi(pts, band.tau, band.target)
				for h := b[0]; h < b[1]; h++ {
					band.dst[h] = phi
				}
			}()
		}
	}
	wg.Wait()
	return d
}

func (d dispersion) at(h int) (float64, float64) {
	if len(d.phi80) == 0 {
		return 0, 0
	}
	h = min(max(h, 0), len(d.phi80)-1)
	return d.phi80[h], d.phi95[h]
}
