package forecast

import "math"

// SES is simple exponential smoothing: a flat forecast at the smoothed level.
// Alpha is fitted by minimising the in-sample squared one-step error.
type SES struct{}

// Name implements Model.
func (SES) Name() string { return ModelSES }

// Damped is additive damped-trend exponential smoothing (Gardner and
// McKenzie): level alpha, trend beta, damping phi in [0.8, 0.98], fitted by
// Nelder-Mead on the in-sample squared one-step error.
type Damped struct{}

// Name implements Model.
func (Damped) Name() string { return ModelDamped }

// HoltWinters is additive Holt-Winters (level, trend, Period seasonal states)
// fitted by Nelder-Mead; it needs two full seasons of history.
type HoltWinters struct{}

// Name implements Model.
func (HoltWinters) Name() string { return ModelHoltWinters }

// ETS picks among SES, damped trend and Holt-Winters by AIC computed from the
// in-sample one-step errors, as an automatic exponential-smoothing baseline
// would.
type ETS struct{}

// Name implements Model.
func (ETS) Name() string { return ModelETS }

// logistic maps R onto (lo, hi).
func logistic(x, lo, hi float64) float64 { return lo + (hi-lo)/(1+math.Exp(-x)) }

// bound is a model parameter kept inside (lo, hi) by a logistic transform,
// with its cold-start value.
type bound struct{ lo, hi, start float64 }

// fitBounded minimises sse over parameters inside their bounds by
// Nelder-Mead in logit space, from the bounds' cold starts or, warm, from
// the parameters fitted earlier on a shorter history of the same series
// (ParamCache.startOf), and caches the result under name. sse may stop at
// cutoff (see nelderMead); sse2, optional, is sse at two parameter vectors
// at once (the same values).
func fitBounded(in *Input, name string, bs []bound, sse func(p []float64, cutoff float64) float64,
	sse2 func(p1, p2 []float64, cutoff float64) (float64, float64)) []float64 {
	x0 := make([]float64, len(bs))
	step := 1.0
	warm, isWarm := in.Cache.startOf(name)
	for i, b := range bs {
		v := b.start
		if isWarm {
			v = warm[i]
		}
		x0[i] = logit(v, b.lo, b.hi)
	}
	if isWarm {
		step = nmWarmStep
	}
	p, p2 := make([]float64, len(bs)), make([]float64, len(bs))
	params := func(dst, x []float64) []float64 {
		for i, b := range bs {
			dst[i] = logistic(x[i], b.lo, b.hi)
		}
		return dst
	}
	obj := nmObjective{one: func(x []float64, cutoff float64) float64 { return sse(params(p, x), cutoff) }}
	if sse2 != nil {
		obj.two = func(x1, x2 []float64, cutoff float64) (float64, float64) {
			return sse2(params(p, x1), params(p2, x2), cutoff)
		}
	}
	x := nelderMead(obj, x0, step, 150)
	out := append([]float64(nil), params(p, x)...)
	in.Cache.put(name, out)
	return out
}

// logit is the inverse of logistic.
func logit(v, lo, hi float64) float64 {
	p := (v - lo) / (hi - lo)
	p = math.Min(math.Max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

// sesRun returns the final level and in-sample SSE.
func sesRun(y []float64, a float64) (level, sse float64) {
	level = y[0]
	for _, v := range y[1:] {
		e := v - level
		sse += e * e
		level += a * e
	}
	return level, sse
}

// golden minimises f on [lo, hi] by golden-section search. f(x, cutoff)
// may stop early and return any value > cutoff once it knows its value is
// above cutoff (a partial sum of squares): a new point is only compared with
// the point kept, whose value is the cutoff, and loses whatever its exact
// value then. The last step's new point is never compared, so it is not
// evaluated. The search is the full one, with fewer operations.
func golden(f func(x, cutoff float64) float64, lo, hi float64, iters int) float64 {
	const g = 0.6180339887498949
	inf := math.Inf(1)
	a, b := lo, hi
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c, inf), f(d, inf)
	for i := range iters {
		last := i == iters-1
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			if !last {
				fc = f(c, fd)
			}
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			if !last {
				fd = f(d, fc)
			}
		}
	}
	return (a + b) / 2
}

// sesSSE is sesRun's SSE, or a partial sum > cutoff as soon as one exceeds
// it (see golden); the same operations, so a full sum is the same number.
func sesSSE(y []float64, a, cutoff float64) (sse float64) {
	level := y[0]
	for _, v := range y[1:] {
		e := v - level
		sse += e * e
		if sse > cutoff {
			return sse
		}
		level += a * e
	}
	return sse
}

func (SES) fit(in *Input) (alpha float64, ok bool) {
	if len(in.Y) < 2 {
		return 0, false
	}
	if p, hit := in.Cache.get(ModelSES); hit {
		return p[0], true
	}
	alpha = golden(func(a, cutoff float64) float64 { return sesSSE(in.Y, a, cutoff) }, 0.01, 0.99, 25)
	in.Cache.put(ModelSES, []float64{alpha})
	return alpha, true
}

func (m SES) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	if len(in.Y) == 0 {
		return f, nil
	}
	level := in.Y[0]
	if a, ok := m.fit(in); ok {
		level = sesFilter(in, a).l
	}
	for i := range f {
		f[i] = level
	}
	return f, nil
}

// dampedRun runs the damped-trend recursions; returns level, trend, SSE.
func dampedRun(y []float64, a, b, phi float64) (l, t, sse float64) {
	l, t = y[0], 0
	if len(y) > 1 {
		t = y[1] - y[0]
	}
	for _, v := range y[1:] {
		fc := l + phi*t
		e := v - fc
		sse += e * e
		ln := fc + a*e
		t = phi*t + a*b*e // error-correction form: beta = a*b, so 0 < beta < alpha
		l = ln
	}
	return l, t, sse
}

// dampedSSE is dampedRun's in-sample SSE, or a partial sum >= cutoff as soon
// as one reaches it (the fit needs no more: see nelderMead). The operations
// are dampedRun's, so a full sum is the same number.
func dampedSSE(y []float64, a, b, phi, cutoff float64) (sse float64) {
	l, t := y[0], 0.0
	if len(y) > 1 {
		t = y[1] - y[0]
	}
	for _, v := range y[1:] {
		fc := l + phi*t
		e := v - fc
		sse += e * e
		if sse >= cutoff {
			return sse
		}
		l = fc + a*e
		t = phi*t + a*b*e
	}
	return sse
}

// dampedSSE2 is dampedSSE at parameters p and q, the two recursions
// interleaved in one loop (the same operations each, so the same values); it
// stops once both sums reach cutoff.
func dampedSSE2(y []float64, p, q []float64, cutoff float64) (sp, sq float64) {
	a1, b1, phi1 := p[0], p[1], p[2]
	a2, b2, phi2 := q[0], q[1], q[2]
	l1, t1 := y[0], 0.0
	if len(y) > 1 {
		t1 = y[1] - y[0]
	}
	l2, t2 := l1, t1
	ab1, ab2 := a1*b1, a2*b2 // a*b*e is (a*b)*e: the same numbers
	for _, v := range y[1:] {
		fc1 := l1 + phi1*t1
		fc2 := l2 + phi2*t2
		e1 := v - fc1
		e2 := v - fc2
		sp += e1 * e1
		sq += e2 * e2
		if sp >= cutoff && sq >= cutoff {
			return sp, sq
		}
		l1 = fc1 + a1*e1
		l2 = fc2 + a2*e2
		t1 = phi1*t1 + ab1*e1
		t2 = phi2*t2 + ab2*e2
	}
	return sp, sq
}

// dampedBounds are the damped-trend parameters alpha, beta (error-correction
// form) and phi, with their ranges and cold starts.
var dampedBounds = []bound{{0.01, 0.99, 0.2}, {0.01, 0.99, 0.1}, {0.8, 0.98, 0.9}}

func (Damped) fit(in *Input) ([]float64, bool) {
	if len(in.Y) < 4 {
		return nil, false
	}
	if p, hit := in.Cache.get(ModelDamped); hit {
		return p, true
	}
	y := in.Y
	return fitBounded(in, ModelDamped, dampedBounds, func(p []float64, cutoff float64) float64 {
		return dampedSSE(y, p[0], p[1], p[2], cutoff)
	}, func(p, q []float64, cutoff float64) (float64, float64) {
		return dampedSSE2(y, p, q, cutoff)
	}), true
}

func (m Damped) forecast(in *Input, h int) ([]float64, error) {
	p, ok := m.fit(in)
	if !ok {
		return SES{}.forecast(in, h)
	}
	r := dampedFilter(in, p)
	l, t := r.l, r.t
	f := make([]float64, h)
	acc, pw := 0.0, 1.0
	for i := range f {
		pw *= p[2]
		acc += pw
		f[i] = l + acc*t
	}
	return f, nil
}

// hwInit sets the state at the end of the first season from the first two
// seasons: trend = difference of the seasonal means / m, level = mean of the
// first season moved to its last period, seasonals = deviations from the line.
func hwInit(y []float64, m int) (l, t float64, s []float64) {
	m1, m2 := 0.0, 0.0
	for i := range m {
		m1 += y[i]
		m2 += y[m+i]
	}
	m1 /= float64(m)
	m2 /= float64(m)
	t = (m2 - m1) / float64(m)
	mid := float64(m-1) / 2
	l = m1 + t*mid
	s = make([]float64, m)
	for j := range m {
		s[j] = y[j] - (m1 + t*(float64(j)-mid))
	}
	return l, t, s
}

// hwRun runs additive Holt-Winters from period m on; s is updated in place
// and indexed by t mod m.
func hwRun(y []float64, m int, a, b, g float64) (l, t, sse float64, s []float64) {
	l, t, s = hwInit(y, m)
	return hwRunFrom(y, m, a, b, g, l, t, s)
}

// hwRunFrom runs hwRun's recursions from the state (l, t, s) at the end of
// the first season; s is updated in place. Fits initialise once and copy the
// seasonal state into a buffer for each evaluation.
func hwRunFrom(y []float64, m int, a, b, g, l, t float64, s []float64) (float64, float64, float64, []float64) {
	sse := 0.0
	// j = i mod m, kept by a wrapping counter: an integer division per
	// week was a third of the fit's time
	j := 0
	for i := m; i < len(y); i++ {
		si := s[j]
		fc := l + t + si
		e := y[i] - fc
		sse += e * e
		ln := a*(y[i]-si) + (1-a)*(l+t)
		t = b*(ln-l) + (1-b)*t
		s[j] = g*(y[i]-ln) + (1-g)*si
		l = ln
		if j++; j == m {
			j = 0
		}
	}
	return l, t, sse, s
}

// hwSSE is hwRunFrom's in-sample SSE, or a partial sum >= cutoff as soon as
// one reaches it (see nelderMead); same operations as hwRunFrom.
func hwSSE(y []float64, m int, a, b, g, l, t float64, s []float64, cutoff float64) float64 {
	sse := 0.0
	j := 0
	for i := m; i < len(y); i++ {
		si := s[j]
		fc := l + t + si
		e := y[i] - fc
		sse += e * e
		if sse >= cutoff {
			return sse
		}
		ln := a*(y[i]-si) + (1-a)*(l+t)
		t = b*(ln-l) + (1-b)*t
		s[j] = g*(y[i]-ln) + (1-g)*si
		l = ln
		if j++; j == m {
			j = 0
		}
	}
	return sse
}

// hwSSE2 is hwSSE at parameters p and q (seasonal states s1, s2), the two
// recursions interleaved in one loop (the same operations each, so the same
// values); it stops once both sums reach cutoff.
func hwSSE2(y []float64, m int, p, q []float64, l, t float64, s1, s2 []float64, cutoff float64) (sp, sq float64) {
	a1, b1, g1 := p[0], p[1], p[2]
	a2, b2, g2 := q[0], q[1], q[2]
	// loop invariants (the same numbers as computed in the loop)
	ma1, mb1, mg1 := 1-a1, 1-b1, 1-g1
	ma2, mb2, mg2 := 1-a2, 1-b2, 1-g2
	l1, t1, l2, t2 := l, t, l, t
	s1, s2 = s1[:m], s2[:m]
	j := 0
	for i := m; i < len(y); i++ {
		yi := y[i]
		si1, si2 := s1[j], s2[j]
		e1 := yi - (l1 + t1 + si1)
		e2 := yi - (l2 + t2 + si2)
		sp += e1 * e1
		sq += e2 * e2
		if sp >= cutoff && sq >= cutoff {
			return sp, sq
		}
		ln1 := a1*(yi-si1) + ma1*(l1+t1)
		ln2 := a2*(yi-si2) + ma2*(l2+t2)
		t1 = b1*(ln1-l1) + mb1*t1
		t2 = b2*(ln2-l2) + mb2*t2
		s1[j] = g1*(yi-ln1) + mg1*si1
		s2[j] = g2*(yi-ln2) + mg2*si2
		l1, l2 = ln1, ln2
		if j++; j == m {
			j = 0
		}
	}
	return sp, sq
}

// hwBounds are the Holt-Winters parameters alpha, beta and gamma, with their
// ranges and cold starts.
var hwBounds = []bound{{0.001, 0.99, 0.2}, {0.001, 0.5, 0.02}, {0.001, 0.99, 0.1}}

func (HoltWinters) fit(in *Input) ([]float64, bool) {
	m := in.Period
	if m <= 1 || len(in.Y) < 2*m+2 {
		return nil, false
	}
	if p, hit := in.Cache.get(ModelHoltWinters); hit {
		return p, true
	}
	y := in.Y
	l0, t0, s0 := hwInit(y, m)
	buf, buf2 := make([]float64, m), make([]float64, m)
	return fitBounded(in, ModelHoltWinters, hwBounds, func(p []float64, cutoff float64) float64 {
		copy(buf, s0)
		return hwSSE(y, m, p[0], p[1], p[2], l0, t0, buf, cutoff)
	}, func(p, q []float64, cutoff float64) (float64, float64) {
		copy(buf, s0)
		copy(buf2, s0)
		return hwSSE2(y, m, p, q, l0, t0, buf, buf2, cutoff)
	}), true
}

func (m HoltWinters) forecast(in *Input, h int) ([]float64, error) {
	p, ok := m.fit(in)
	if !ok {
		return nil, ErrNoHistory
	}
	per := in.Period
	n := len(in.Y)
	r := hwFilter(in, p)
	l, t, s := r.l, r.t, r.s
	f := make([]float64, h)
	for i := range f {
		f[i] = l + float64(i+1)*t + s[(n+i)%per]
	}
	return f, nil
}

func (ETS) forecast(in *Input, h int) ([]float64, error) {
	n := len(in.Y)
	if n < 4 {
		return SES{}.forecast(in, h)
	}
	best := Model(SES{})
	bestAIC := math.Inf(1)
	aic := func(sse float64, k, nobs int) float64 {
		if nobs <= 0 {
			return math.Inf(1)
		}
		return float64(nobs)*math.Log(sse/float64(nobs)+1e-9) + 2*float64(k)
	}
	if a, ok := (SES{}).fit(in); ok {
		bestAIC = aic(sesFilter(in, a).sse, 2, n-1)
	}
	if p, ok := (Damped{}).fit(in); ok {
		if v := aic(dampedFilter(in, p).sse, 5, n-1); v < bestAIC {
			best, bestAIC = Damped{}, v
		}
	}
	if p, ok := (HoltWinters{}).fit(in); ok {
		m := in.Period
		s := hwFilter(in, p).sse
		// compare on the same periods: scale the SSE to n-1 observations
		nobs := n - m
		if v := aic(s, 5+m, nobs); nobs > 0 && v < bestAIC {
			best = HoltWinters{}
		}
	}
	return best.forecast(in, h)
}

// sesFilter, dampedFilter and hwFilter run the filters with fitted
// parameters once per history (memoised in Input.Cache).
func sesFilter(in *Input, a float64) filterOut {
	return in.Cache.filter(ModelSES, in, func() filterOut {
		l, sse := sesRun(in.Y, a)
		return filterOut{l: l, sse: sse}
	})
}

func dampedFilter(in *Input, p []float64) filterOut {
	return in.Cache.filter(ModelDamped, in, func() filterOut {
		l, t, sse := dampedRun(in.Y, p[0], p[1], p[2])
		return filterOut{l: l, t: t, sse: sse}
	})
}

func hwFilter(in *Input, p []float64) filterOut {
	return in.Cache.filter(ModelHoltWinters, in, func() filterOut {
		l, t, sse, s := hwRun(in.Y, in.Period, p[0], p[1], p[2])
		return filterOut{l: l, t: t, sse: sse, s: s}
	})
}
