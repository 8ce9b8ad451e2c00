package forecast

import "math"

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
	// Season[w] is the shipment index for week-of-period w (mean 1); nil if
	// fewer than two periods of history.
	Season []float64
	// Reg is the regression fitted on the group's total series (nil if none).
	Reg *regFit
	// Start is the calendar index of the group's first week (for Season and Reg).
	Start int
}

// exposure returns E_t = sum_k pmf[k] x[t-k] (x indexed from 0; values before
// 0 count as 0; t >= len(x) uses xf[t-len(x)]).
func exposure(x, xf, pmf []float64, t int) float64 {
	e := 0.0
	for k, p := range pmf {
		s := t - k
		switch {
		case s < 0:
			continue
		case s < len(x):
			e += p * x[s]
		case s-len(x) < len(xf):
			e += p * xf[s-len(x)]
		}
	}
	return e
}

// returnStats returns exponentially weighted returned units R and exposure E
// over the history (weights halve every halfLife weeks back from the end).
func returnStats(y, x, pmf []float64, halfLife float64) (r, e float64) {
	n := len(y)
	k := len(pmf)
	w := 1.0
	decay := math.Pow(0.5, 1/halfLife)
	for t := n - 1; t >= k && t >= 0; t-- { // skip the first weeks: their exposure is censored
		r += w * y[t]
		e += w * exposure(x, nil, pmf, t)
		w *= decay
		if w < 1e-3 {
			break
		}
	}
	return r, e
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

// forecastShipments forecasts x for h weeks: an exponentially weighted level
// of the deseasonalised shipments times the group's annual profile.
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
	const alpha = 0.15
	n := len(x)
	from := max(0, n-60)
	level := 0.0
	for i := from; i < min(n, from+8); i++ {
		level += x[i] / idx(i)
	}
	level /= float64(min(n, from+8) - from)
	for t := from; t < n; t++ {
		level += alpha * (x[t]/idx(t) - level)
	}
	for i := range f {
		f[i] = math.Max(level*idx(n+i), 0)
	}
	return f
}

// buildPools estimates one Pool per category from history [0, o).
func buildPools(ds *Dataset, o int, opts Options) map[string]*Pool {
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
	pools := make(map[string]*Pool, len(groups))
	for cat, ss := range groups {
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
		if p.LagPMF != nil && hasX {
			rs := make([]float64, len(ss))
			es := make([]float64, len(ss))
			var R, E float64
			for i, s := range ss {
				f := firstActive(s.Y, s.X, o)
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
		if o-first >= 30 {
			if fit := fitRegressionSajari(yc[first:], xr, first, Regression{}.lags(), ds.Period); fit != nil {
				sum := 0.0
				for _, v := range yc[first:] {
					sum += v
				}
				fit.scaleTo = sum / float64(o-first)
				p.Reg = fit
			}
		}
		pools[cat] = p
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
