package forecast

import (
	"math"
	"sort"
)

// Pool is what the SKUs of one group (category) share at one origin: the
// return-lag distribution, the group's return probability and the strength of
// the empirical-Bayes prior, the annual shipment profile and the pooled
// regression used for SKUs with short history. Estimated only from data up to
// the origin.
type Pool struct {
	// LagPMF[k] is P(a returned unit arrives k weeks after its ship week).
	LagPMF []float64
	// ReturnProb is the group's returned units / expected-exposure units.
	ReturnProb float64
	// PriorStrength is the prior's weight in exposure units (beta-binomial m).
	PriorStrength float64
	// Season[w] is the shipment index for week-of-period w (mean 1): the
	// category's profile blended halfway with its sector's (blendSeason);
	// nil if neither has two periods of history.
	Season []float64
	// Reg is the regression fitted on the group's total series; nil when
	// none fits or no series of the group needs it (see buildPools).
	Reg *regFit
	// Start is the calendar index of the group's first week (for Season and Reg).
	Start int
}

// exposure returns E_t = sum_k pmf[k] x[t-k] (x indexed from 0; values before
// 0 count as 0; t >= len(x) uses xf[t-len(x)]).
func exposure(x, xf, pmf []float64, t int) float64 {
	// the terms in k order, as one loop with a switch per k would add them:
	// first the small k whose week t-k is in the future (xf), then the
	// weeks of x; weeks before 0 and beyond xf add nothing
	e := 0.0
	nx, K := len(x), len(pmf)
	for k := max(0, t-nx-len(xf)+1); k < K && k <= t-nx; k++ {
		e += pmf[k] * xf[t-k-nx]
	}
	for k := max(0, t-nx+1); k < K && k <= t; k++ {
		e += pmf[k] * x[t-k]
	}
	return e
}

// returnStats returns exponentially weighted returned units R and exposure E
// over the history (weights halve every halfLife weeks back from the end).
// The weeks' exposures are computed four at a time (exposure4), their sums
// interleaved, and added in week order as one at a time would.
func returnStats(y, x, pmf []float64, halfLife float64) (r, e float64) {
	n := len(y)
	k := len(pmf)
	w := 1.0
	decay := math.Pow(0.5, 1/halfLife)
	var ex [4]float64
	for t := n - 1; t >= k && t >= 0; { // skip the first weeks: their exposure is censored
		m := 1
		if t < len(x) && t-3 >= k {
			ex, m = exposure4(x, pmf, t), 4
		} else {
			ex[0] = exposure(x, nil, pmf, t)
		}
		for j := range m {
			r += w * y[t]
			e += w * ex[j]
			w *= decay
			t--
			if w < 1e-3 {
				return r, e
			}
		}
	}
	return r, e
}

// exposure4 returns exposure(x, nil, pmf, t-j) for j = 0..3 when every lag
// of the four weeks falls in x (t < len(x), t-3 >= len(pmf)): the four sums
// run side by side, each over k in order, the same numbers as four calls
// in a quarter of the dependent additions' latency.
func exposure4(x, pmf []float64, t int) [4]float64 {
	var e0, e1, e2, e3 float64
	x = x[:t+1]
	for k, p := range pmf {
		b := t - k
		e0 += p * x[b]
		e1 += p * x[b-1]
		e2 += p * x[b-2]
		e3 += p * x[b-3]
	}
	return [4]float64{e0, e1, e2, e3}
}

// shrinkProb is the empirical-Bayes (beta-binomial) posterior mean of a
// SKU's return probability.
func shrinkProb(r, e float64, pool *Pool) float64 {
	if pool == nil {
		if e <= 0 {
			return 0
		}
		return r / e
	}
	return (r + pool.PriorStrength*pool.ReturnProb) / (e + pool.PriorStrength)
}

// priorStrength estimates the beta prior's m by the method of moments from
// per-SKU (R_i, E_i): between-SKU variance of r_i/E_i beyond binomial noise.
func priorStrength(rs, es []float64, p float64) float64 {
	if p <= 0 || p >= 1 {
		return 100
	}
	var sw, num, noise float64
	for i := range rs {
		if es[i] < 1 {
			continue
		}
		d := rs[i]/es[i] - p
		num += es[i] * d * d
		noise += p * (1 - p)
		sw += es[i]
	}
	if sw == 0 {
		return 100
	}
	// E[sum E_i (p_i^ - p)^2] = sum E_i tau^2 + n p(1-p)
	tau2 := (num - noise) / sw
	if tau2 <= 0 {
		return 1e5
	}
	m := p*(1-p)/tau2 - 1
	return math.Min(math.Max(m, 1), 1e5)
}

// seasonProfile estimates a multiplicative annual profile of x (calendar
// index of x[0] is start) from the ratio to a centred moving average.
func seasonProfile(x []float64, start, period int) []float64 {
	n := len(x)
	if period <= 1 || n < 2*period {
		return nil
	}
	sum := make([]float64, period)
	cnt := make([]float64, period)
	half := period / 2
	var ma float64
	for i := range period {
		ma += x[i]
	}
	// window [t-half, t+half) slides one step per t
	for t := half; t+half < n; t++ {
		if t > half {
			ma += x[t+half-1] - x[t-half-1]
		}
		avg := ma / float64(period)
		if avg > 0 {
			w := (start + t) % period
			sum[w] += x[t] / avg
			cnt[w]++
		}
	}
	s := make([]float64, period)
	tot := 0.0
	for w := range s {
		s[w] = 1
		if cnt[w] > 0 {
			s[w] = sum[w] / cnt[w]
		}
	}
	// light smoothing over neighbouring weeks, then normalise to mean 1
	sm := make([]float64, period)
	for w := range s {
		sm[w] = (s[(w+period-1)%period] + 2*s[w] + s[(w+1)%period]) / 4
		tot += sm[w]
	}
	for w := range sm {
		sm[w] = math.Min(math.Max(sm[w]*float64(period)/tot, 0.2), 5)
	}
	return sm
}

// Shipment forecast settings (forecastShipments).
const (
	// shipAlpha smooths the deseasonalised level.
	shipAlpha = 0.2
	// shipWindow is the history (weeks) the level is computed over.
	shipWindow = 60
	// declineRatio: a SKU whose last 8 deseasonalised weeks sum to under
	// this share of the 8 weeks before is declining (end of life).
	declineRatio = 0.7
)

// forecastShipments forecasts x for h weeks (calendar index of x[0] is
// start): the deseasonalised level times the group's annual profile. The
// level is exponentially smoothed over the last shipWindow weeks; a declining
// SKU (the last 8 weeks under declineRatio of the 8 before) instead starts
// from its last 4 weeks and keeps declining at the measured weekly rate, as
// products at the end of their life do; a smoothed level would lag behind
// and over-forecast every week of the horizon.
func forecastShipments(x []float64, start int, season []float64, h int) []float64 {
	f := make([]float64, h)
	if len(x) == 0 {
		return f
	}
	per := len(season)
	idx := func(t int) float64 {
		if per == 0 {
			return 1
		}
		return season[(start+t)%per]
	}
	n := len(x)
	if n >= 16 {
		var last, before float64
		for t := n - 8; t < n; t++ {
			last += x[t] / idx(t)
			before += x[t-8] / idx(t-8)
		}
		if before > 0 && last < declineRatio*before {
			r := math.Pow(last/before, 1.0/8) // weekly rate
			level := 0.0
			for t := n - 4; t < n; t++ {
				level += x[t] / idx(t)
			}
			// the mean of the last 4 weeks stands at week n-2.5: carry it to week n-1
			level = level / 4 * math.Pow(r, 1.5)
			for i := range f {
				f[i] = math.Max(level*math.Pow(r, float64(i+1))*idx(n+i), 0)
			}
			return f
		}
	}
	from := max(0, n-shipWindow)
	level := 0.0
	for i := from; i < min(n, from+8); i++ {
		level += x[i] / idx(i)
	}
	level /= float64(min(n, from+8) - from)
	for t := from; t < n; t++ {
		level += shipAlpha * (x[t]/idx(t) - level)
	}
	for i := range f {
		f[i] = math.Max(level*idx(n+i), 0)
	}
	return f
}

// blendSeason returns the category's shipment profile shrunk halfway toward
// its sector's (the sector pools more SKUs, so its profile is steadier; the
// category keeps half of its own shape), or whichever of the two exists.
func blendSeason(cat, sector []float64) []float64 {
	switch {
	case cat == nil:
		return sector
	case sector == nil || len(sector) != len(cat):
		return cat
	}
	out := make([]float64, len(cat))
	for w := range out {
		out[w] = (cat[w] + sector[w]) / 2
	}
	return out
}

// sectorSeasons returns each sector's annual shipment profile from the
// summed shipments of its SKUs over history [0, o) (nil for sectors with
// under two periods of history).
func sectorSeasons(ds *Dataset, o int) map[string][]float64 {
	sum := map[string][]float64{}
	for _, s := range ds.Series {
		if s.X == nil {
			continue
		}
		v := sum[s.Sector]
		if v == nil {
			v = make([]float64, o)
			sum[s.Sector] = v
		}
		for t, x := range s.X[:o] {
			v[t] += x
		}
	}
	out := make(map[string][]float64, len(sum))
	for sec, v := range sum {
		first := firstActive(v, nil, o)
		out[sec] = seasonProfile(v[first:], first, ds.Period)
	}
	return out
}

// buildPools estimates one Pool per category from history [0, o).
//
// The pooled category regressions of the forecast origin (final) are
// fitted by github.com/sajari/regression itself; those of the backtest
// origins by leastSquares, the same method (TestRegressionMatchesSajari:
// coefficients equal to 1e-8) without sajari's extra work (the n x n Q,
// fitted values, R^2 and a formula string), which made sajari the costliest
// step of a pool.
func buildPools(ds *Dataset, o int, opts Options, final bool) map[string]*Pool {
	groups := map[string][]*Series{}
	for _, s := range ds.Series {
		groups[s.Category] = append(groups[s.Category], s)
	}
	K := opts.MaxLag
	lagOf := func(rows [][]float64) ([]float64, float64) {
		pmf := make([]float64, K+1)
		tot := 0.0
		for s := 0; s < len(rows) && s <= o-1-K; s++ {
			for k, v := range rows[s] {
				if k <= K {
					pmf[k] += v
					tot += v
				}
			}
		}
		return pmf, tot
	}
	var allPMF []float64
	if ds.Lags != nil {
		allPMF = make([]float64, K+1)
		for _, rows := range ds.Lags {
			p, _ := lagOf(rows)
			for k := range p {
				allPMF[k] += p[k]
			}
		}
		normalize(allPMF)
	}
	sectors := sectorSeasons(ds, o)
	// the pooled regression serves only the regression model's short series
	var pooledReg *Regression
	for _, m := range opts.models() {
		if r, ok := m.(Regression); ok {
			pooledReg = &r
		}
	}
	// the categories' pools are independent: built on opts.Workers
	// goroutines (Run builds the origins' pools side by side too; a few
	// origins alone would leave a core idle for the last ones)
	cats := make([]string, 0, len(groups))
	for cat := range groups {
		cats = append(cats, cat)
	}
	sort.Strings(cats)
	built := make([]*Pool, len(cats))
	parallelN(len(cats), opts.Workers, func(ci int) {
		cat := cats[ci]
		ss := groups[cat]
		p := &Pool{}
		if ds.Lags != nil {
			pmf, tot := lagOf(ds.Lags[cat])
			// shrink the category's pmf toward the all-category pmf (20 returns' weight)
			for k := range pmf {
				pmf[k] = (pmf[k] + 20*allPMF[k]) / (tot + 20)
			}
			p.LagPMF = trimPMF(pmf)
		}
		yc := make([]float64, o)
		var xc []float64
		hasX := true
		for _, s := range ss {
			if s.X == nil {
				hasX = false
			}
		}
		if hasX {
			xc = make([]float64, o)
		}
		for _, s := range ss {
			for t := range o {
				yc[t] += s.Y[t]
				if hasX {
					xc[t] += s.X[t]
				}
			}
		}
		first := firstActive(yc, xc, o)
		p.Start = first
		prof := xc
		if !hasX {
			prof = yc
		}
		p.Season = seasonProfile(prof[first:], first, ds.Period)
		if hasX && len(ss) > 0 {
			// a category's SKUs share one sector (products.sector)
			p.Season = blendSeason(p.Season, sectors[ss[0].Sector])
		}
		firsts := make([]int, len(ss)) // each series' first active week
		for i, s := range ss {
			firsts[i] = firstActive(s.Y, s.X, o)
		}
		// Pool.Reg is read only by the regression model, for series with
		// under MinOwn weeks of history and with shipments: fit it only when
		// the group has such a series at this origin.
		needReg := false
		for i, s := range ss {
			if pooledReg != nil && s.X != nil && o-firsts[i] < pooledReg.minOwn() {
				needReg = true
				break
			}
		}
		if p.LagPMF != nil && hasX {
			rs := make([]float64, len(ss))
			es := make([]float64, len(ss))
			var R, E float64
			for i, s := range ss {
				f := firsts[i]
				rs[i], es[i] = returnStats(s.Y[f:o], s.X[f:o], p.LagPMF, 26)
				R += rs[i]
				E += es[i]
			}
			if E > 0 {
				p.ReturnProb = math.Min(R/E, 1)
			}
			p.PriorStrength = priorStrength(rs, es, p.ReturnProb)
		}
		var xr []float64
		if hasX {
			xr = xc[first:]
		}
		if needReg && o-first >= 30 {
			fitReg := fitRegression
			if final {
				fitReg = fitRegressionSajari
			}
			if fit := fitReg(yc[first:], xr, first, Regression{}.lags(), ds.Period); fit != nil {
				sum := 0.0
				for _, v := range yc[first:] {
					sum += v
				}
				fit.scaleTo = sum / float64(o-first)
				p.Reg = fit
			}
		}
		built[ci] = p
	})
	pools := make(map[string]*Pool, len(cats))
	for ci, cat := range cats {
		pools[cat] = built[ci]
	}
	return pools
}

func normalize(p []float64) {
	s := 0.0
	for _, v := range p {
		s += v
	}
	if s <= 0 {
		return
	}
	for i := range p {
		p[i] /= s
	}
}

// trimPMF drops a negligible tail and renormalises; nil if empty.
func trimPMF(p []float64) []float64 {
	normalize(p)
	n := len(p)
	for n > 1 && p[n-1] < 1e-4 {
		n--
	}
	p = p[:n]
	normalize(p)
	if len(p) == 0 || p[0] != p[0] {
		return nil
	}
	s := 0.0
	for _, v := range p {
		s += v
	}
	if s == 0 {
		return nil
	}
	return p
}
