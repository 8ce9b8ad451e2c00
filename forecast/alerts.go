package forecast

import "math"

// Alert is one reason_alerts row: a reason whose share of a key's returns
// rose beyond its usual range, found by a Bernoulli (binomial) CUSUM.
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

// The binomial CUSUM: each week t, with n_t returns of which x_t carry the
// reason, S_t = max(0, S_{t-1} + x_t ln(p1/p0) + (n_t - x_t) ln((1-p1)/(1-p0))).
// p0 is the usual share: the key's share over weeks [t-52, t-8) shrunk toward
// its parent's share (20 returns' weight); p1 = min(0.95, max(2 p0, p0 + 0.1))
// is the shift the test is tuned to detect. An alert is raised when S_t >= h
// with h = ln(1/alpha): for a known p0, the in-control run length is at least
// 1/alpha weeks (Lorden's bound), so alpha bounds the false-alarm rate per
// series-week. One alert per episode: the test re-arms when S_t returns to 0.
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

// cusum scans x (reason units) against n (all units) over [from, o) and
// returns the alerts. parentX/parentN give the parent's counts for the prior.
func cusum(x, n, parentX, parentN []float64, o int, alpha float64) []Alert {
	px, pn := prefixOf(x), prefixOf(n)
	qx, qn := prefixOf(parentX), prefixOf(parentN)
	h := math.Log(1 / alpha)
	var out []Alert
	S, start := 0.0, alertWarmup
	in := false
	var cur *Alert
	for t := alertWarmup; t < o; t++ {
		a, b := t-alertBaseLo, t-alertBaseGap
		prior := 0.0
		if d := qn.sum(a, b); d > 0 {
			prior = qx.sum(a, b) / d
		}
		p0 := (px.sum(a, b) + alertPriorWt*prior) / (pn.sum(a, b) + alertPriorWt)
		p0 = math.Min(math.Max(p0, alertMinShare), 0.9)
		p1 := math.Min(0.95, math.Max(2*p0, p0+0.1))
		xt, nt := x[t], n[t]
		S = math.Max(0, S+xt*math.Log(p1/p0)+(nt-xt)*math.Log((1-p1)/(1-p0)))
		switch {
		case S == 0:
			start, in, cur = t+1, false, nil
		case S >= h && !in:
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

// reasonAlerts runs the CUSUM on every SKU x reason and category x reason.
func reasonAlerts(ds *Dataset, o int, opts Options) []Alert {
	R := len(ds.Reasons)
	if R == 0 {
		return nil
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
		for r := range R {
			for t, v := range s.Reasons[r] {
				catX[s.Category][r][t] += v
				allX[r][t] += v
			}
		}
		for t, v := range s.Y {
			catN[s.Category][t] += v
			allN[t] += v
		}
	}
	var out []Alert
	for _, s := range ds.Series {
		if s.Reasons == nil {
			continue
		}
		if prefixOf(s.Y).sum(0, o)/float64(max(o, 1)) < opts.AlertMinUnits {
			continue
		}
		for r := range R {
			for _, a := range cusum(s.Reasons[r], s.Y, catX[s.Category][r], catN[s.Category], o, opts.AlertFalseAlarm) {
				a.Level, a.Key, a.Reason = LevelSKU, s.Key, ds.Reasons[r]
				out = append(out, a)
			}
		}
	}
	for c, xs := range catX {
		for r := range R {
			for _, a := range cusum(xs[r], catN[c], allX[r], allN, o, opts.AlertFalseAlarm) {
				a.Level, a.Key, a.Reason = LevelCategory, c, ds.Reasons[r]
				out = append(out, a)
			}
		}
	}
	return out
}
