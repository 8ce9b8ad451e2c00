package forecast

import (
	"math"
	"sort"

	"github.com/retour-analytics/retour/warehouse"
)

// Alert is one reason_alerts row: a reason whose share of a key's returns,
// or its returns per exposed unit, rose beyond the usual range (CUSUM tests).
type Alert struct {
	Level, Key, Reason string
	// StartWeek is the estimated change point (the week after the CUSUM last
	// stood at zero); DetectedWeek the week it crossed the threshold.
	StartWeek, DetectedWeek int
	ShareUsual, ShareRecent float64
	// Strength is the CUSUM statistic / threshold at its peak (>= 1).
	Strength float64
	// FalseAlarm is the design false-alarm rate per series-week.
	FalseAlarm float64
}

// Two one-sided CUSUM tests run side by side on every key x reason, each at
// half the design false-alarm rate alpha (so alpha bounds their union):
//
//  1. share (binomial): each week t, with n_t returns of which x_t carry the
//     reason, S_t = max(0, S_{t-1} + x_t ln(p1/p0) + (n_t - x_t) ln((1-p1)/(1-p0))).
//     p0 is the usual share: the key's share over weeks [t-52, t-8) shrunk
//     toward its parent's share (20 returns' weight); p1 = min(0.95, max(2 p0,
//     p0 + 0.1)) is the shift the test is tuned to detect.
//  2. rate (Poisson): x_t against lambda0 = r0 x E_t, where E_t is the
//     order-linked exposure (sum_k P(lag = k) shipped(t-k)) and r0 the usual
//     reason returns per exposed unit over [t-52, t-8) (2 pseudo-returns at
//     the parent's rate); lambda1 = max(4 lambda0, lambda0 + 1);
//     S_t = max(0, S_{t-1} + x_t ln(lambda1/lambda0) - (lambda1 - lambda0)).
//     A defect raises the return rate and the share together: the rate test
//     sees both, and exposure keeps a sales peak from looking like a defect.
//
// An alert is raised when a statistic reaches h = ln(2/alpha): for known
// baselines the in-control run length of each test is at least 2/alpha weeks
// (Lorden's bound). One alert per episode; a test re-arms when its statistic
// returns to 0. Strength is the peak statistic / h.
const (
	alertWarmup   = 26
	alertBaseLo   = 52
	alertBaseGap  = 8
	alertPriorWt  = 20.0
	alertMinShare = 0.002
)

type prefix []float64

func prefixOf(y []float64) prefix {
	p := make(prefix, len(y)+1)
	for i, v := range y {
		p[i+1] = p[i] + v
	}
	return p
}

func (p prefix) sum(a, b int) float64 {
	a = max(a, 0)
	b = min(b, len(p)-1)
	if b <= a {
		return 0
	}
	return p[b] - p[a]
}

// cusum scans x (reason units) against n (all units) and e (exposure, may
// be nil) over [alertWarmup, o) and returns the alerts. parentX/parentN/parentE
// are the parent's counts for the priors.
// An alert also needs minCount reason units since the change point, so that
// two stray returns of a rare reason do not make one.
func cusum(x, n, e, parentX, parentN, parentE []float64, o int, alpha, minCount float64) []Alert {
	c := cusumSeries{x: x, n: n, e: e, px: prefixOf(x), pn: prefixOf(n), qx: prefixOf(parentX), qn: prefixOf(parentN)}
	if e != nil && parentE != nil {
		c.pe, c.qe = prefixOf(e), prefixOf(parentE)
	}
	return c.scan(o, alpha, minCount)
}

// cusumSeries is one key x reason for cusum, with the prefix sums of its
// counts and its parent's (px, pn, pe: the key's reason units, all units,
// exposure; qx, qn, qe: the parent's), computed once and shared.
type cusumSeries struct {
	x, n, e                []float64
	px, pn, pe, qx, qn, qe prefix
}

func (c *cusumSeries) scan(o int, alpha, minCount float64) []Alert {
	x, n, e := c.x, c.n, c.e
	px, pn, pe, qx, qn, qe := c.px, c.pn, c.pe, c.qx, c.qn, c.qe
	if pe == nil || qe == nil {
		pe, qe = nil, nil
	}
	h := math.Log(2 / alpha)
	ln2, ln4 := math.Log(2), math.Log(4)
	var out []Alert
	var S1, S2 float64
	var lq, lqP0 float64 // the last log((1-p1)/(1-p0)) and its p0
	haveLq := false
	start1, start2 := alertWarmup, alertWarmup
	in := false
	var cur *Alert
	// every prefix covers the same weeks: clamp the baseline window once
	last := min(len(px), len(pn), len(qx), len(qn)) - 1
	if pe != nil {
		last = min(last, len(pe)-1, len(qe)-1)
	}
	win := func(p prefix, a, b int) float64 {
		if b <= a {
			return 0
		}
		return p[b] - p[a]
	}
	for t := alertWarmup; t < o; t++ {
		if S1 == 0 && S2 == 0 && x[t] == 0 {
			// Both increments are <= 0 without reason units (p1 > p0,
			// lambda1 > lambda0): the statistics stay at 0 whatever the
			// baseline, so it need not be computed.
			start1 = t + 1
			if pe != nil {
				start2 = t + 1
			}
			in, cur = false, nil
			continue
		}
		a, b := max(t-alertBaseLo, 0), min(t-alertBaseGap, last)
		sx := win(px, a, b)
		prior := 0.0
		if d := win(qn, a, b); d > 0 {
			prior = win(qx, a, b) / d
		}
		p0 := (sx + alertPriorWt*prior) / (win(pn, a, b) + alertPriorWt)
		// builtin min and max: math.Min and math.Max's results (NaN and
		// signed zeros included), compiled inline
		p0 = min(max(p0, alertMinShare), 0.9)
		p1 := min(0.95, max(2*p0, p0+0.1))
		xt, nt := x[t], n[t]
		// terms with a zero count are skipped: they add exactly 0
		inc := 0.0
		if xt != 0 {
			inc += xt * logRatio(p1, p0, 2, ln2)
		}
		if nt-xt != 0 {
			// p0 (hence p1) often repeats from week to week (a rare
			// reason sits at the floor): the logarithm is then the same
			if !haveLq || p0 != lqP0 {
				lqP0, lq, haveLq = p0, math.Log((1-p1)/(1-p0)), true
			}
			inc += (nt - xt) * lq
		}
		S1 = math.Max(0, S1+inc)
		if S1 == 0 {
			start1 = t + 1
		}
		if pe != nil {
			rate := 0.0
			if d := win(qe, a, b); d > 0 {
				rate = win(qx, a, b) / d
			}
			r0 := rate
			if rate > 0 {
				r0 = (sx + 2) / (win(pe, a, b) + 2/rate)
			}
			l0 := max(r0*e[t], 1e-3)
			l1 := max(4*l0, l0+1)
			inc := -(l1 - l0)
			if xt != 0 {
				inc = xt*logRatio(l1, l0, 4, ln4) - (l1 - l0)
			}
			S2 = math.Max(0, S2+inc)
			if S2 == 0 {
				start2 = t + 1
			}
		}
		S := math.Max(S1, S2)
		switch {
		case S1 == 0 && S2 == 0:
			in, cur = false, nil
		case S >= h && !in:
			start := start1
			if S2 > S1 {
				start = start2
			}
			if px.sum(start, t+1) < minCount {
				break
			}
			in = true
			out = append(out, Alert{StartWeek: start, DetectedWeek: t, ShareUsual: p0, Strength: S / h, FalseAlarm: alpha})
			cur = &out[len(out)-1]
		}
		if in && cur != nil {
			cur.Strength = math.Max(cur.Strength, S/h)
			if d := pn.sum(cur.StartWeek, t+1); d > 0 {
				cur.ShareRecent = px.sum(cur.StartWeek, t+1) / d
			}
		}
	}
	return out
}

// logRatio returns math.Log(num/den), or lnK, math.Log(k), when num is
// exactly k times den (k a power of two: num/den is then exactly k), the
// usual case of the CUSUM shifts (p1 = 2 p0, lambda1 = 4 lambda0).
func logRatio(num, den, k, lnK float64) float64 {
	if num == k*den {
		return lnK
	}
	return math.Log(num / den)
}

// reasonAlerts runs the CUSUM on every SKU x reason and category x reason.
func reasonAlerts(ds *Dataset, o int, pools map[string]*Pool, opts Options) []Alert {
	R := len(ds.Reasons)
	if R == 0 {
		return nil
	}
	// order-linked exposure per SKU, category and in total (nil without lags)
	expo := make([][]float64, len(ds.Series))
	catE := map[string][]float64{}
	var allE []float64
	parallelN(len(ds.Series), opts.Workers, func(i int) {
		s := ds.Series[i]
		p := pools[s.Category]
		if s.X == nil || p == nil || len(p.LagPMF) == 0 {
			return
		}
		e := make([]float64, ds.Weeks)
		for t := range e {
			e[t] = exposure(s.X, nil, p.LagPMF, t)
		}
		expo[i] = e
	})
	for i, s := range ds.Series {
		e := expo[i]
		if e == nil {
			continue
		}
		if catE[s.Category] == nil {
			catE[s.Category] = make([]float64, ds.Weeks)
		}
		if allE == nil {
			allE = make([]float64, ds.Weeks)
		}
		ce := catE[s.Category]
		for t, v := range e {
			ce[t] += v
			allE[t] += v
		}
	}
	catX := map[string][][]float64{}
	catN := map[string][]float64{}
	allX := make([][]float64, R)
	allN := make([]float64, ds.Weeks)
	for r := range allX {
		allX[r] = make([]float64, ds.Weeks)
	}
	for _, s := range ds.Series {
		if s.Reasons == nil {
			continue
		}
		if catX[s.Category] == nil {
			catX[s.Category] = make([][]float64, R)
			for r := range R {
				catX[s.Category][r] = make([]float64, ds.Weeks)
			}
			catN[s.Category] = make([]float64, ds.Weeks)
		}
		cx, cn := catX[s.Category], catN[s.Category]
		for r := range R {
			cr, ar := cx[r], allX[r]
			for t, v := range s.Reasons[r] {
				cr[t] += v
				ar[t] += v
			}
		}
		for t, v := range s.Y {
			cn[t] += v
			allN[t] += v
		}
	}
	// prefix sums shared by every reason of a key and every child of a parent
	prefixes := func(xs [][]float64) []prefix {
		out := make([]prefix, len(xs))
		for r, x := range xs {
			out[r] = prefixOf(x)
		}
		return out
	}
	cats := make([]string, 0, len(catX))
	for c := range catX {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	type parentPre struct {
		x    []prefix
		n, e prefix
	}
	catPre := make(map[string]*parentPre, len(cats))
	for _, c := range cats {
		p := &parentPre{x: prefixes(catX[c]), n: prefixOf(catN[c])}
		if catE[c] != nil {
			p.e = prefixOf(catE[c])
		}
		catPre[c] = p
	}
	allPre := &parentPre{x: prefixes(allX), n: prefixOf(allN)}
	if allE != nil {
		allPre.e = prefixOf(allE)
	}
	run := func(level, key string, xs [][]float64, n, e []float64, parent *parentPre) []Alert {
		var out []Alert
		c := cusumSeries{n: n, e: e, pn: prefixOf(n), qn: parent.n, qe: parent.e}
		if e != nil {
			c.pe = prefixOf(e)
		}
		px := make(prefix, len(n)+1) // reused for every reason of the key
		for r := range R {
			if warehouse.IsCatchAllReason(ds.Reasons[r]) {
				continue // "other" rising says nothing about the product
			}
			x := xs[r]
			for i, v := range x {
				px[i+1] = px[i] + v
			}
			c.x, c.px, c.qx = x, px[:len(x)+1], parent.x[r]
			for _, a := range c.scan(o, opts.AlertFalseAlarm, opts.AlertMinCount) {
				a.Level, a.Key, a.Reason = level, key, ds.Reasons[r]
				out = append(out, a)
			}
		}
		return out
	}
	perSKU := make([][]Alert, len(ds.Series))
	parallelN(len(ds.Series), opts.Workers, func(i int) {
		s := ds.Series[i]
		if s.Reasons == nil {
			return
		}
		tot := 0.0
		for _, v := range s.Y[:o] {
			tot += v
		}
		if tot/float64(max(o, 1)) < opts.AlertMinUnits {
			return
		}
		perSKU[i] = run(LevelSKU, s.Key, s.Reasons, s.Y, expo[i], catPre[s.Category])
	})
	perCat := make([][]Alert, len(cats))
	parallelN(len(cats), opts.Workers, func(i int) {
		c := cats[i]
		perCat[i] = run(LevelCategory, c, catX[c], catN[c], catE[c], allPre)
	})
	var out []Alert
	for _, as := range perSKU {
		out = append(out, as...)
	}
	for _, as := range perCat {
		out = append(out, as...)
	}
	return out
}
