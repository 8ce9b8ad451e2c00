package forecast

import (
	"math"
	"slices"
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

// ScaledQuantilesAt returns the 0.5, 0.8 and 0.95 quantiles (the levels of
// the scaled pinball loss) of the negative binomial with mean mu: the median
// and the 0.8 quantile with the 80 % band's dispersion phi80, the 0.95
// quantile with the 95 % band's phi95.
func ScaledQuantilesAt(mu, phi80, phi95 float64) [3]float64 {
	if mu <= 0 || math.IsNaN(mu) {
		return [3]float64{}
	}
	med, _ := nbInterval(mu, phi80, 0.5)
	q80, q95 := upperQuantiles(mu, phi80, phi95)
	return [3]float64{med, q80, q95}
}

// upperQuantiles returns the 0.8 quantile (dispersion phi80) and the 0.95
// quantile (phi95) of the negative binomial with mean mu.
func upperQuantiles(mu, phi80, phi95 float64) (q80, q95 float64) {
	if mu <= 0 || math.IsNaN(mu) {
		return 0, 0
	}
	_, q80 = nbInterval(mu, phi80, 0.2)
	_, q95 = nbInterval(mu, phi95, 0.05)
	return q80, q95
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
	p0, ratio := nbPMF(mu, phi)
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
		pk *= ratio.at(k)
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
	return (&pmfMemo{}).cdf(mu, phi, a)
}

// pmfMemo is nbCDF remembering the last pmf start (P(0) and the ratio, a
// logarithm and an exponential): the calibration's points are sorted by
// mean, and many consecutive ones share it (flat forecasts repeat one mean
// over the horizons).
type pmfMemo struct {
	mu, phi, p0 float64
	ratio       nbRatio
	ok          bool
}

// start returns nbPMF(mu, phi), computed again only when mu or phi changed.
func (m *pmfMemo) start(mu, phi float64) (float64, nbRatio) {
	if !m.ok || m.mu != mu || m.phi != phi {
		m.p0, m.ratio = nbPMF(mu, phi)
		m.mu, m.phi, m.ok = mu, phi, true
	}
	return m.p0, m.ratio
}

// cdf is nbCDF(mu, phi, a).
func (m *pmfMemo) cdf(mu, phi, a float64) (below, at float64) {
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
	p0, ratio := m.start(mu, phi)
	pk, cdf := p0, p0
	for j := 1; j <= k; j++ {
		below = cdf
		pk *= ratio.at(j)
		cdf += pk
	}
	return below, min(cdf, 1)
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
	return pitCoverCDF(lo, hi, tau)
}

// pitCoverCDF is PITCover from the CDF jump [lo, hi] = [F(a-1), F(a)].
func pitCoverCDF(lo, hi, tau float64) float64 {
	if hi <= lo {
		if lo >= tau && lo <= 1-tau {
			return 1
		}
		return 0
	}
	// builtin min and max: math.Min and math.Max's results, inline
	in := min(hi, 1-tau) - max(lo, tau)
	return max(0, in) / (hi - lo)
}

// calibPoint is a backtest point for interval calibration: forecast mean
// mu, actual a, the demand size s of a hurdle point (0: negative binomial;
// see hurdle.go) and the scale w of its series' dispersion (0 or 1: the
// level's; see seriesscale.go).
type calibPoint struct{ mu, a, s, w float64 }

// phi returns the dispersion of point p when the level's is phi.
func (p calibPoint) phi(phi float64) float64 {
	if p.w > 0 {
		return phi * p.w
	}
	return phi
}

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

// band is one interval to calibrate: it should hold target of the points,
// with tau in each tail (0.1 and 0.80 for the 80 % band); an upper band has
// tau in its upper tail only (the 0.95 quantile: at most 5 % above it).
type band struct {
	tau, target float64
	upper       bool
}

// calibrationBands are the 80 % and 95 % bands and the 0.95 quantile. The
// 95 % band's dispersion (also that of the 0.95 quantile) is the larger of
// the last two's: a central band can hold 95 % with too light an upper tail
// when the lower tail is empty (many actuals at 0), and the 0.95 quantile
// is what a stock level is set from.
var calibrationBands = []band{{0.1, 0.80, false}, {0.025, 0.95, false}, {0.05, 0.95, true}}

// cover is the randomised coverage of the CDF jump [lo, hi] by the band.
func (bd band) cover(lo, hi float64) float64 {
	if bd.upper {
		return pitBelowCDF(lo, hi, 1-bd.tau)
	}
	return pitCoverCDF(lo, hi, bd.tau)
}

// pitBelowCDF is the share of the CDF jump [lo, hi] = [F(a-1), F(a)] at or
// below the level u: the randomised probability that a is under the u
// quantile.
func pitBelowCDF(lo, hi, u float64) float64 {
	if hi <= lo {
		if lo <= u {
			return 1
		}
		return 0
	}
	return max(0, min(hi, u)-lo) / (hi - lo)
}

// coverBands returns, for each band, the mean randomised coverage of the
// points by a negative binomial with dispersion phi (nbCDF once per point).
func coverBands(pts []calibPoint, phi float64, bands []band) []float64 {
	return newCoverage(pts, 1).bands(phi, bands)
}

// coverChunk is the number of points a worker of coverage takes at a time.
const coverChunk = 2048

// coverage evaluates the mean randomised coverage of a fixed set of points
// for the many dispersions a calibration tries. Above two chunks of points
// the points are shared among workers goroutines; each point's coverage is
// stored and the sums run in point order, so the result is the serial
// loop's to the last bit whatever the number of workers.
type coverage struct {
	pts     []calibPoint
	workers int
	vals    []float64 // per point and band, reused between calls
}

func newCoverage(pts []calibPoint, workers int) *coverage {
	return &coverage{pts: pts, workers: workers}
}

// bands returns, for each band, the mean coverage of the points with
// dispersion phi.
func (c *coverage) bands(phi float64, bands []band) []float64 {
	in := make([]float64, len(bands))
	if len(c.pts) == 0 {
		return in
	}
	nb := len(bands)
	point := func(m *pmfMemo, p calibPoint, out []float64) {
		var lo, hi float64
		if isHurdle(p.mu, p.s) {
			lo, hi = hurdleCDF(m, p.mu, p.phi(phi), p.s, p.a)
		} else {
			lo, hi = m.cdf(p.mu, p.phi(phi), p.a)
		}
		for b, bd := range bands {
			out[b] = bd.cover(lo, hi)
		}
	}
	if c.workers <= 1 || len(c.pts) < 2*coverChunk {
		var v [3]float64
		out := v[:0]
		if nb > len(v) {
			out = make([]float64, nb)
		}
		out = out[:nb]
		var m pmfMemo
		for _, p := range c.pts {
			point(&m, p, out)
			for b := range in {
				in[b] += out[b]
			}
		}
	} else {
		if cap(c.vals) < len(c.pts)*nb {
			c.vals = make([]float64, len(c.pts)*nb)
		}
		vals := c.vals[:len(c.pts)*nb]
		chunks := (len(c.pts) + coverChunk - 1) / coverChunk
		parallelN(chunks, c.workers, func(k int) {
			lo, hi := k*coverChunk, min((k+1)*coverChunk, len(c.pts))
			var m pmfMemo
			for i := lo; i < hi; i++ {
				point(&m, c.pts[i], vals[i*nb:(i+1)*nb])
			}
		})
		for i := range c.pts {
			for b := range in {
				in[b] += vals[i*nb+b]
			}
		}
	}
	for b := range in {
		in[b] /= float64(len(c.pts))
	}
	return in
}

// calibrateBands finds, for each band, the smallest phi whose band covers the
// band's target share of the points (0 if Poisson already covers enough).
// pts (sorted by mean) is subsampled to under 2 x maxCalibPoints points,
// every step-th, so that every range of means keeps its share. Coverages are evaluated on
// workers goroutines (see coverage); the result does not depend on workers.
//
// Coverage is not monotone in phi for very large phi (mass piles at 0), so
// a log grid is scanned for the first phi reaching the target (both bands
// share the scan's evaluations), then the crossing inside [previous grid
// value, that value] is refined by regula falsi (Illinois) to the resolution
// of ten bisection steps, in fewer evaluations. Without a crossing the grid
// phi with the best coverage is used.
// maxCalibPoints bounds the backtest points a band is calibrated on: 20,000
// points estimate a coverage to about 0.3 point (binomial standard error at
// 80 %), finer than the targets' 75-85 % and 92-97 % ranges need, and 4 to 5
// times fewer than a 2,000-SKU run's 104,000 SKU points.
const maxCalibPoints = 20000

func calibrateBands(pts []calibPoint, bands []band, workers int) []float64 {
	out := make([]float64, len(bands))
	if len(pts) == 0 {
		return out
	}
	if len(pts) > maxCalibPoints {
		step := len(pts) / maxCalibPoints
		sub := make([]calibPoint, 0, len(pts)/step+1)
		for i := 0; i < len(pts); i += step {
			sub = append(sub, pts[i])
		}
		pts = sub
	}
	cov := newCoverage(pts, workers)
	c0 := cov.bands(0, bands)
	type bracket struct {
		lo, hi, clo, chi float64
		ok               bool
	}
	brs := make([]bracket, len(bands))
	bestPhi := make([]float64, len(bands))
	bestCov := append([]float64(nil), c0...)
	var pending []int
	for b, bd := range bands {
		if c0[b] < bd.target {
			pending = append(pending, b)
		}
	}
	grid := []float64{1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}
	prev, cprev := 0.0, c0
	for _, g := range grid {
		if len(pending) == 0 {
			break
		}
		c := cov.bands(g, bands)
		var still []int
		for _, b := range pending {
			if c[b] > bestCov[b] {
				bestPhi[b], bestCov[b] = g, c[b]
			}
			if c[b] >= bands[b].target {
				brs[b] = bracket{prev, g, cprev[b], c[b], true}
			} else {
				still = append(still, b)
			}
		}
		pending = still
		prev, cprev = g, c
	}
	var wg sync.WaitGroup
	for b, bd := range bands {
		switch {
		case c0[b] >= bd.target:
			out[b] = 0
		case !brs[b].ok:
			out[b] = bestPhi[b]
		default:
			wg.Add(1)
			go func() {
				defer wg.Done()
				br := brs[b]
				out[b] = refinePhi(newCoverage(pts, workers), bd, br.lo, br.hi, br.clo, br.chi)
			}()
		}
	}
	wg.Wait()
	return out
}

// refinePhi narrows [lo, hi] (coverage clo < target <= chi) around the
// crossing by the Illinois variant of regula falsi and returns the upper end
// (coverage >= target), once the bracket is 1/1024 of its first width or the
// coverage is within 1e-5 of the target.
func refinePhi(cov *coverage, bd band, lo, hi, clo, chi float64) float64 {
	tol := (hi - lo) / 1024
	flo, fhi := clo-bd.target, chi-bd.target
	side := 0
	one := []band{bd}
	for range 60 {
		if hi-lo <= tol || fhi < 1e-5 {
			break
		}
		x := (lo*fhi - hi*flo) / (fhi - flo)
		if !(x > lo && x < hi) || math.IsNaN(x) {
			x = (lo + hi) / 2
		}
		fx := cov.bands(x, one)[0] - bd.target
		if fx >= 0 {
			hi, fhi = x, fx
			if side == 1 {
				flo /= 2
			}
			side = 1
		} else {
			lo, flo = x, fx
			if side == -1 {
				fhi /= 2
			}
			side = -1
		}
	}
	return hi
}

// dispersion holds calibrated phi per horizon (index h-1) for one level.
type dispersion struct{ phi80, phi95 []float64 }

// calibrate estimates phi80/phi95 per horizon from points grouped by horizon;
// horizons are pooled in buckets 1-4 and 5-13+ to keep enough points. The
// two buckets are calibrated concurrently, each on workers goroutines.
func calibrate(byH [][]calibPoint, workers int) dispersion {
	H := len(byH)
	d := dispersion{phi80: make([]float64, H), phi95: make([]float64, H)}
	buckets := calibBuckets(H)
	var wg sync.WaitGroup
	for _, b := range buckets {
		var pts []calibPoint
		for h := b[0]; h < b[1]; h++ {
			pts = append(pts, byH[h]...)
		}
		if len(pts) == 0 {
			continue
		}
		// slices.SortFunc runs sort.Slice's pattern-defeating quicksort with
		// the same comparisons, so equal means end in the same order, without
		// sort.Slice's reflection-based swaps
		slices.SortFunc(pts, func(p, q calibPoint) int {
			switch {
			case p.mu < q.mu:
				return -1
			case q.mu < p.mu:
				return 1
			}
			return 0
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			phi := calibrateBands(pts, calibrationBands, workers)
			// Nested bands: the 95 % band never takes less dispersion than
			// the 80 % band. On few points (a level with a handful of keys)
			// the 80 % calibration can need more than the 95 % one, and the
			// 95 % band would then sit inside the 80 % band at one end; it
			// is widened instead (its coverage can only rise).
			phi[1] = math.Max(math.Max(phi[1], phi[2]), phi[0])
			for h := b[0]; h < b[1]; h++ {
				d.phi80[h], d.phi95[h] = phi[0], phi[1]
			}
		}()
	}
	wg.Wait()
	return d
}

// calibBuckets returns the horizon buckets calibrated apart, as [from, to)
// horizon indexes: 1-4, 5-12, then every 12 horizons (13-24, 25-36, ...);
// a last bucket of under 4 horizons joins the one before it, so the
// weekly horizon 13 gives 1-4 and 5-13. Dispersion grows with the horizon
// and a bucket pools the horizons' points: one dispersion over 5-24 was
// too wide at 5-12 and too narrow at 13-24 on monthly data.
func calibBuckets(H int) [][2]int {
	var out [][2]int
	lo := 0
	for _, hi := range bucketEnds(H) {
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	return out
}

// bucketEnds returns the exclusive ends of calibBuckets(H).
func bucketEnds(H int) []int {
	ends := []int{min(4, H)}
	for next := 12; next < H; next += 12 {
		ends = append(ends, next)
	}
	if ends[len(ends)-1] < H {
		ends = append(ends, H)
	}
	// a last bucket of under 4 horizons joins the one before it
	if n := len(ends); n >= 2 && ends[n-1]-ends[n-2] < 4 && n > 2 {
		ends = append(ends[:n-2], ends[n-1])
	}
	return ends
}

func (d dispersion) at(h int) (float64, float64) {
	if len(d.phi80) == 0 {
		return 0, 0
	}
	h = min(max(h, 0), len(d.phi80)-1)
	return d.phi80[h], d.phi95[h]
}

// nbBands returns what nbQuantiles and pitCover give for a backtest point
// (forecast mu, actual a): the five quantiles and the randomised coverage of
// a by the 80 % (phi80) and 95 % (phi95) bands. It walks the probability
// recursion once per dispersion instead of five times; the values are the
// same to the last bit (TestNBBandsMatches).
func nbBands(mu, phi80, phi95, a float64) (q [5]float64, c80, c95 float64) {
	return (&bandWalker{}).bands(mu, phi80, phi95, a)
}

// bandWalker computes nbBands and nbQuantiles for a run of points, keeping
// each dispersion's pmf start (a log and an exp) while the mean repeats:
// flat forecasts repeat one mean over the horizons. The values are
// nbBands' and nbQuantiles' to the last bit (TestNBBandsMatches).
type bandWalker struct{ m80, m95 pmfMemo }

// bands is nbBands(mu, phi80, phi95, a).
func (w *bandWalker) bands(mu, phi80, phi95, a float64) (q [5]float64, c80, c95 float64) {
	if mu <= 0 || math.IsNaN(mu) || mu > 500 || math.Round(a) < 0 {
		return nbQuantiles(mu, phi80, phi95), pitCover(mu, phi80, a, 0.1), pitCover(mu, phi95, a, 0.025)
	}
	var lo, hi [2]float64
	var below, at float64
	lo, hi, below, at = nbWalk(&w.m95, mu, phi95, a, [2]float64{0.025, -1})
	q[0], q[4] = lo[0], hi[0]
	c95 = pitCoverCDF(below, at, 0.025)
	lo, hi, below, at = nbWalk(&w.m80, mu, phi80, a, [2]float64{0.1, 0.5})
	q[1], q[3], q[2] = lo[0], hi[0], lo[1]
	c80 = pitCoverCDF(below, at, 0.1)
	return q, c80, c95
}

// quantiles is nbQuantiles(mu, phi80, phi95), from one walk per dispersion
// (nbQuantiles walks three times).
func (w *bandWalker) quantiles(mu, phi80, phi95 float64) [5]float64 {
	if mu <= 0 || math.IsNaN(mu) || mu > 500 {
		return nbQuantiles(mu, phi80, phi95)
	}
	lo95, hi95, _, _ := nbWalk(&w.m95, mu, phi95, -1, [2]float64{0.025, -1})
	lo, hi, _, _ := nbWalk(&w.m80, mu, phi80, -1, [2]float64{0.1, 0.5})
	return [5]float64{lo95[0], lo[0], lo[1], hi[0], hi95[0]}
}

// nbWalk is nbInterval for each tau in taus (a negative tau is skipped)
// and nbCDF at a (none for a < 0), for 0 < mu <= 500, from one pass of the
// recursion; m keeps the pmf start.
func nbWalk(m *pmfMemo, mu, phi, a float64, taus [2]float64) (lo, hi [2]float64, below, at float64) {
	v := mu + phi*mu*mu
	p0, ratio := m.start(mu, phi)
	kc := int(math.Round(a))
	prev, pk := 0.0, p0
	cdf := p0
	interp := func(k int, t float64) float64 { return math.Max(0, float64(k-1)+(t-prev)/pk) }
	open := 0 // taus whose upper quantile is still to be found
	for i, t := range taus {
		lo[i], hi[i] = -1, -1
		if t < 0 {
			continue
		}
		if cdf >= t {
			lo[i] = interp(0, t)
		}
		if cdf >= 1-t {
			hi[i] = interp(0, 1-t)
		} else {
			open++
		}
	}
	at = math.Min(cdf, 1)
	limit := int(mu + 40*math.Sqrt(v) + 50)
	for k := 1; (k <= limit && open > 0) || k <= kc; k++ {
		prev = cdf
		pk *= ratio.at(k)
		cdf += pk
		if k <= limit {
			for i, t := range taus {
				if t < 0 || hi[i] >= 0 {
					continue
				}
				if lo[i] < 0 && cdf >= t {
					lo[i] = interp(k, t)
				}
				if cdf >= 1-t {
					hi[i] = interp(k, 1-t)
					open--
				}
			}
		}
		if k == kc {
			below, at = prev, math.Min(cdf, 1)
		}
	}
	for i, t := range taus {
		if t >= 0 && (p0 == 0 || lo[i] < 0 || hi[i] < 0) { // underflow: normal, as nbInterval
			z := normQuantile(1 - t)
			sd := math.Sqrt(v)
			lo[i], hi[i] = math.Max(0, mu-z*sd), mu+z*sd
		}
	}
	return lo, hi, below, at
}

// nbPMF returns P(0) of the negative binomial with mean mu and dispersion phi
// (Poisson when phi is 0) and the ratio P(k) / P(k-1), for the pmf recursion.
// The ratio is a value (not a closure) so that the millions of recursions of
// the interval calibration allocate nothing.
func nbPMF(mu, phi float64) (p0 float64, ratio nbRatio) {
	if phi < 1e-9 {
		return math.Exp(-mu), nbRatio{poisson: true, mu: mu}
	}
	r := 1 / phi
	p := r / (r + mu)
	return math.Exp(r * math.Log(p)), nbRatio{r: r, p: p}
}

// nbRatio is P(k) / P(k-1) of a Poisson (mean mu) or negative binomial
// (size r, probability p).
type nbRatio struct {
	poisson  bool
	mu, r, p float64
}

// at returns P(k) / P(k-1), k >= 1.
func (q nbRatio) at(k int) float64 {
	if q.poisson {
		return q.mu / float64(k)
	}
	return (float64(k-1) + q.r) / float64(k) * (1 - q.p)
}
