package forecast

import "math"

// Per-series error scale. One calibrated dispersion per horizon bucket
// serves every series of a level, whose relative noise differs: a calm
// series gets bands as wide as a volatile one's. Each series' negative
// binomial dispersion is therefore the bucket's phi times a scale w of the
// series: w is the factor on the set's dispersion (phi0, the bucket's
// method-of-moments value) that makes the series' own backtest errors as
// large as the set's, on average, for its means:
//
//	sum |a - mu| = c * sum sqrt(mu + w phi0 mu^2)
//
// where c = sum |a - mu| / sum sqrt(mu + phi0 mu^2) over all the level's
// points (the set's ratio of absolute error to standard deviation, about
// 0.8 for normal errors). Absolute errors, not squared ones: one miss of a
// series would dominate its squares. w is shrunk to the set's (1) in
// logarithm with the weight n / (n + seriesScalePrior) of its n backtest
// points, and bounded to [1/seriesScaleMax, seriesScaleMax]; the bucket's
// phi is then calibrated with every point's dispersion multiplied by its
// series' w, so that the bands still hold their rates over the level.
// Hurdle points (intermittent SKUs) keep w = 1: their dispersion is that
// of the demand sizes, which a few demands cannot scale per series.

// seriesScalePrior is the shrinkage weight of the set's scale, in backtest
// points: a series with this many points gets half its own scale (in
// logarithm). The points of one origin are correlated (one level error
// carries over the horizons), so a series' 4 origins x 13 to 24 horizons
// are worth far fewer independent errors than their count.
const seriesScalePrior = 48

// seriesScaleMax bounds a series' scale to [1/seriesScaleMax,
// seriesScaleMax].
const seriesScaleMax = 16.0

// scaledPoint is one negative-binomial backtest point of a series: mean,
// actual and its horizon bucket's reference dispersion phi0.
type scaledPoint struct{ mu, a, phi0 float64 }

// setErrorRatio returns c, the set's sum |a - mu| over sum sqrt(mu + phi0
// mu^2) (points with mu <= 0 skipped; 0 without any).
func setErrorRatio(pts [][]scaledPoint) float64 {
	var num, den float64
	for _, s := range pts {
		for _, p := range s {
			if p.mu > 0 {
				num += math.Abs(p.a - p.mu)
				den += math.Sqrt(p.mu + p.phi0*p.mu*p.mu)
			}
		}
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// seriesScale returns the shrunk scale of one series' points given the
// set's ratio c (1 when the series has no point with mu > 0 or the set no
// over-dispersion).
func seriesScale(pts []scaledPoint, c float64) float64 {
	var abs float64
	n, over := 0, false
	for _, p := range pts {
		if p.mu > 0 {
			abs += math.Abs(p.a - p.mu)
			n++
			over = over || p.phi0 > 0
		}
	}
	target := abs / c
	// c and target are NaN or infinite when a value is (never in the
	// engine's data; the scale is then the level's)
	if n == 0 || !(c > 0) || !over || math.IsNaN(target) || math.IsInf(target, 0) {
		return 1
	}
	sd := func(w float64) float64 {
		var s float64
		for _, p := range pts {
			if p.mu > 0 {
				s += math.Sqrt(p.mu + w*p.phi0*p.mu*p.mu)
			}
		}
		return s
	}
	// sd is increasing in w: bisection in log w on the bounds
	lo, hi := math.Log(1/seriesScaleMax), math.Log(seriesScaleMax)
	var lw float64
	switch {
	case sd(math.Exp(lo)) >= target:
		lw = lo
	case sd(math.Exp(hi)) <= target:
		lw = hi
	default:
		for range 40 {
			mid := (lo + hi) / 2
			if sd(math.Exp(mid)) < target {
				lo = mid
			} else {
				hi = mid
			}
		}
		lw = (lo + hi) / 2
	}
	return math.Exp(lw * float64(n) / float64(n+seriesScalePrior))
}

// seriesScales returns each series' scale (see seriesScale) from its
// points; the set's ratio c is computed over all of them.
func seriesScales(pts [][]scaledPoint, workers int) []float64 {
	c := setErrorRatio(pts)
	w := make([]float64, len(pts))
	parallelN(len(pts), workers, func(i int) { w[i] = seriesScale(pts[i], c) })
	return w
}
