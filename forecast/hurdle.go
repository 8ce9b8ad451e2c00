package forecast

import "math"

// Hurdle intervals for intermittent series. A series whose history has a
// mean interval between demands over 1.32 periods (the Syntetos-Boylan
// boundary) gets a hurdle distribution around its forecast mean mu instead of
// the negative binomial: a demand occurs with probability pi, and a demand's
// size is 1 + a negative binomial of mean s - 1 and dispersion phi, where s
// is the mean size of the demands in the history (at least 1). pi = mu / s,
// so the mean is mu. The zeros and the lumps are then two parts of the
// distribution: a negative binomial of mean 0.3 puts its 95 % quantile at 1
// or 2, the hurdle at a usual demand size. phi is calibrated per level,
// horizon bucket and band as for the negative binomial, on the intermittent
// series' backtest points alone. When mu >= s (a demand every period) the
// negative binomial is used.

// hurdleBoundary is the mean interval between demands above which a series
// is intermittent (Syntetos and Boylan's 1.32).
const hurdleBoundary = 1.32

// hurdleSize returns the mean demand size s of history y when y is
// intermittent (mean interval between demands over hurdleBoundary, at least
// two demands), else 0 (negative binomial intervals).
func hurdleSize(y []float64) float64 {
	if meanInterval(y) <= hurdleBoundary {
		return 0
	}
	var sum float64
	n := 0
	for _, v := range y {
		if v > 0 {
			sum += v
			n++
		}
	}
	if n < 2 {
		return 0
	}
	return math.Max(1, sum/float64(n))
}

// isHurdle reports whether mean mu with demand size s is a hurdle
// distribution (else the negative binomial of mean mu).
func isHurdle(mu, s float64) bool {
	return s > 0 && mu > 0 && mu < s && !math.IsNaN(mu)
}

// hurdleCDF returns F(a-1) and F(a) of the hurdle distribution (mean mu,
// demand size s, size dispersion phi); a is rounded; m keeps the size
// part's pmf start.
func hurdleCDF(m *pmfMemo, mu, phi, s, a float64) (below, at float64) {
	k := int(math.Round(a))
	if k < 0 {
		return 0, 0
	}
	p0 := 1 - mu/s
	if k == 0 {
		return 0, p0
	}
	gb, ga := 0.0, 1.0
	switch {
	case s-1 <= 0: // every demand of one unit
		if k > 1 {
			gb = 1
		}
	default:
		gb, ga = m.cdf(s-1, phi, float64(k-1))
	}
	pi := mu / s
	return p0 + pi*gb, math.Min(1, p0+pi*ga)
}

// hurdleQuantile is the tau quantile of the hurdle distribution,
// interpolated inside the CDF's jumps as nbInterval does: 0 while tau is
// within the mass at 0, else 1 + the size part's quantile at the level
// tau carries inside the demand part.
func hurdleQuantile(mu, phi, s, tau float64) float64 {
	p0 := 1 - mu/s
	if tau <= p0 {
		return 0
	}
	return 1 + nbQuantileRaw(s-1, phi, (tau-p0)/(mu/s))
}

// nbQuantileRaw is the t quantile of the negative binomial (mean mu,
// dispersion phi) interpolated inside the CDF's jumps without clamping at
// 0: inside the jump at 0 it runs from -1 to 0 (so that 1 + it runs over
// the hurdle's jump at 1).
func nbQuantileRaw(mu, phi, t float64) float64 {
	if mu <= 0 {
		return -1 + t
	}
	v := mu + phi*mu*mu
	normal := func() float64 { return mu + normQuantile(t)*math.Sqrt(v) }
	if mu > 500 {
		return normal()
	}
	p0, ratio := nbPMF(mu, phi)
	if p0 == 0 {
		return normal()
	}
	prev, pk, cdf := 0.0, p0, p0
	limit := int(mu + 40*math.Sqrt(v) + 50)
	for k := 0; k <= limit; k++ {
		if k > 0 {
			prev = cdf
			pk *= ratio.at(k)
			cdf += pk
		}
		if cdf >= t && pk > 0 {
			return float64(k-1) + (t-prev)/pk
		}
	}
	return normal()
}

// distQuantiles returns the 2.5, 10, 50, 90 and 97.5 % quantiles of the
// interval distribution of mean mu: the hurdle with demand size s when
// isHurdle(mu, s), else the negative binomial (nbQuantiles).
func distQuantiles(mu, phi80, phi95, s float64) [5]float64 {
	if !isHurdle(mu, s) {
		return nbQuantiles(mu, phi80, phi95)
	}
	return [5]float64{
		hurdleQuantile(mu, phi95, s, 0.025), hurdleQuantile(mu, phi80, s, 0.1),
		hurdleQuantile(mu, phi80, s, 0.5),
		hurdleQuantile(mu, phi80, s, 0.9), hurdleQuantile(mu, phi95, s, 0.975),
	}
}

// distUpper returns the 0.8 (dispersion phi80) and 0.95 (phi95) quantiles
// of the interval distribution (see distQuantiles).
func distUpper(mu, phi80, phi95, s float64) (q80, q95 float64) {
	if !isHurdle(mu, s) {
		return upperQuantiles(mu, phi80, phi95)
	}
	return hurdleQuantile(mu, phi80, s, 0.8), hurdleQuantile(mu, phi95, s, 0.95)
}

// distPIT is the randomised coverage of a by the central (1 - 2 tau) band of
// the interval distribution (see distQuantiles and pitCover).
func distPIT(mu, phi, s, a, tau float64) float64 {
	if !isHurdle(mu, s) {
		return pitCover(mu, phi, a, tau)
	}
	lo, hi := hurdleCDF(&pmfMemo{}, mu, phi, s, a)
	return pitCoverCDF(lo, hi, tau)
}

// Cover returns the randomised coverage of actual a by key k's 80 % and
// 95 % bands at horizon index h (its hurdle or negative binomial).
func (k *KeyResult) Cover(h int, a float64) (c80, c95 float64) {
	return distPIT(k.Mean[h], k.Phi80[h], k.Size, a, 0.1), distPIT(k.Mean[h], k.Phi95[h], k.Size, a, 0.025)
}

// Upper returns key k's 0.8 and 0.95 quantiles at horizon index h.
func (k *KeyResult) Upper(h int) (q80, q95 float64) {
	return distUpper(k.Mean[h], k.Phi80[h], k.Phi95[h], k.Size)
}

// hurdleSizes returns the hurdle demand size of actual's history at each
// backtest origin in bos and at the forecast origin (0: negative binomial),
// each from the weeks before that origin since the first demand.
func hurdleSizes(actual []float64, bos []int, origin int) (at []float64, final float64) {
	size := func(o int) float64 {
		o = min(o, len(actual))
		return hurdleSize(actual[firstActive(actual, nil, o):o])
	}
	at = make([]float64, len(bos))
	for oi, o := range bos {
		at[oi] = size(o)
	}
	return at, size(origin)
}

// Above95 returns the randomised exceedance of key k's 0.95 quantile by
// actual a at horizon index h: the share of a's CDF jump [F(a-1), F(a)]
// above 0.95 (its mean is 5 % for a calibrated forecast; counting a > q95
// instead overstates it for small counts, whose jumps straddle the
// quantile).
func (k *KeyResult) Above95(h int, a float64) float64 {
	mu, phi := k.Mean[h], k.Phi95[h]
	var lo, hi float64
	if isHurdle(mu, k.Size) {
		lo, hi = hurdleCDF(&pmfMemo{}, mu, phi, k.Size, a)
	} else {
		lo, hi = nbCDF(mu, phi, a)
	}
	return 1 - pitBelowCDF(lo, hi, 0.95)
}
