package forecast

import (
	"math"
	"sort"
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
		return math.Max(0, math.Floor(mu-z*sd)), math.Ceil(mu + z*sd)
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
	cdf, pk := p0, p0
	lo, hi = -1, -1
	if cdf >= tau {
		lo = 0
	}
	limit := int(mu + 40*math.Sqrt(v) + 50)
	for k := 1; k <= limit && hi < 0; k++ {
		if cdf >= 1-tau {
			hi = float64(k - 1)
			break
		}
		pk *= ratio(k)
		cdf += pk
		if lo < 0 && cdf >= tau {
			lo = float64(k)
		}
	}
	if p0 == 0 || lo < 0 || hi < 0 { // underflow: fall back to normal
		z := normQuantile(1 - tau)
		sd := math.Sqrt(v)
		return math.Max(0, math.Floor(mu-z*sd)), math.Ceil(mu + z*sd)
	}
	return lo, hi
}

// normQuantile is the standard normal quantile.
func normQuantile(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
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
// of the points (bisection on log phi in [1e-4, 50]; 0 if Poisson already
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
		in := 0
		for _, p := range pts {
			lo, hi := 0.0, 0.0
			if p.mu > 0 {
				lo, hi = nbInterval(p.mu, phi, tau)
			}
			if p.a >= lo && p.a <= hi {
				in++
			}
		}
		return float64(in) / float64(len(pts))
	}
	if cover(0) >= target {
		return 0
	}
	lo, hi := math.Log(1e-4), math.Log(50)
	if cover(math.Exp(hi)) < target {
		return math.Exp(hi)
	}
	for range 14 {
		mid := (lo + hi) / 2
		if cover(math.Exp(mid)) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return math.Exp(hi)
}

// dispersion holds calibrated phi per horizon (index h-1) for one level.
type dispersion struct{ phi80, phi95 []float64 }

// calibrate estimates phi80/phi95 per horizon from points grouped by horizon;
// horizons are pooled in buckets 1-4 and 5-13+ to keep enough points.
func calibrate(byH [][]calibPoint) dispersion {
	H := len(byH)
	d := dispersion{phi80: make([]float64, H), phi95: make([]float64, H)}
	buckets := [][2]int{{0, min(4, H)}, {min(4, H), H}}
	for _, b := range buckets {
		var pts []calibPoint
		for h := b[0]; h < b[1]; h++ {
			pts = append(pts, byH[h]...)
		}
		if len(pts) == 0 {
			continue
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].mu < pts[j].mu })
		p80 := calibratePhi(pts, 0.1, 0.80)
		p95 := calibratePhi(pts, 0.025, 0.95)
		for h := b[0]; h < b[1]; h++ {
			d.phi80[h], d.phi95[h] = p80, p95
		}
	}
	return d
}

func (d dispersion) at(h int) (float64, float64) {
	if len(d.phi80) == 0 {
		return 0, 0
	}
	h = min(max(h, 0), len(d.phi80)-1)
	return d.phi80[h], d.phi95[h]
}
