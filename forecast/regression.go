package forecast

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/sajari/regression"
)

// Regression regresses returns on lagged shipments (a distributed lag over
// Lags weeks), a linear trend and annual Fourier terms (two harmonics), by
// least squares (Householder QR, the method of github.com/sajari/regression,
// see fitRegression). A series with fewer
// than MinOwn weeks uses its group's pooled fit (Pool.Reg, fitted on the
// group total): the shipment coefficients apply to the SKU's own shipments and
// the intercept, trend and seasonal part are scaled by the SKU's share of the
// group's returns. Without shipments it is trend + Fourier only.
type Regression struct {
	// Lags is the number of shipment lags 0..Lags-1; 0 means 8.
	Lags int
	// MinOwn is the history length below which the pooled fit is used; 0 means 52.
	MinOwn int
}

// Name implements Model.
func (Regression) Name() string { return ModelRegression }

// regFit is a fitted regression: coefficients over the design of regRow.
type regFit struct {
	coef    []float64 // intercept first
	lags    int
	period  int
	harm    int
	keep    []bool // design columns kept (constant ones dropped)
	hasX    bool
	scaleTo float64 // group mean weekly returns (pooled use)
}

func (m Regression) minOwn() int {
	if m.MinOwn <= 0 {
		return 52
	}
	return m.MinOwn
}

func (m Regression) lags() int {
	if m.Lags <= 0 {
		return 8
	}
	return m.Lags
}

// regRow fills the design row for calendar week t (t relative to x[0]).
func regRow(row []float64, x, xf []float64, t, start, lags, period, harm int, hasX bool) []float64 {
	row = row[:0]
	if hasX {
		for k := range lags {
			s := t - k
			v := 0.0
			switch {
			case s >= 0 && s < len(x):
				v = x[s]
			case s >= len(x) && s-len(x) < len(xf):
				v = xf[s-len(x)]
			}
			row = append(row, v)
		}
	}
	row = append(row, float64(start+t)/52)
	if period > 1 {
		for j := 1; j <= harm; j++ {
			sin, cos := fourier(j, start+t, period)
			row = append(row, sin, cos)
		}
	}
	return row
}

// fourier returns the sine and cosine of 2 pi j c / period, harmonic j at
// calendar index c. Every SKU's design and forecast repeat the same few
// hundred calendar weeks: the first two harmonics are kept in fourierTable
// (computed by the same expression, so the values are the same).
func fourier(j, c, period int) (sin, cos float64) {
	if j <= fourierHarmonics && c >= 0 {
		if tb := fourierTable.Load(); tb != nil && tb.period == period && c < len(tb.terms) {
			v := tb.terms[c][j-1]
			return v[0], v[1]
		}
		if c < fourierMaxIndex {
			v := fourierGrow(period, c)[c][j-1]
			return v[0], v[1]
		}
	}
	return fourierTerm(j, c, period)
}

// fourierTerm computes fourier's values.
func fourierTerm(j, c, period int) (sin, cos float64) {
	a := 2 * math.Pi * float64(j) * float64(c) / float64(period)
	return math.Sin(a), math.Cos(a)
}

// fourierHarmonics and fourierMaxIndex bound fourierTable: harmonics 1 and
// 2 (the regression's), calendar indices below 4096.
const (
	fourierHarmonics = 2
	fourierMaxIndex  = 4096
)

// fourierTerms holds fourier's values for one period, per calendar index
// and harmonic: [c][j-1] = {sin, cos}.
type fourierTerms struct {
	period int
	terms  [][fourierHarmonics][2]float64
}

// fourierTable is the current table, replaced (never modified) when a
// longer one or another period is needed; fourierMu serialises the
// replacements.
var (
	fourierTable atomic.Pointer[fourierTerms]
	fourierMu    sync.Mutex
)

// fourierGrow returns a table for period covering calendar index c (at
// least twice the current one's length, so that it rarely grows), installing
// it as fourierTable.
func fourierGrow(period, c int) [][fourierHarmonics][2]float64 {
	fourierMu.Lock()
	defer fourierMu.Unlock()
	n := max(c+1, 256)
	if tb := fourierTable.Load(); tb != nil && tb.period == period {
		if c < len(tb.terms) {
			return tb.terms
		}
		n = max(n, 2*len(tb.terms))
	}
	n = min(n, fourierMaxIndex)
	tb := &fourierTerms{period: period, terms: make([][fourierHarmonics][2]float64, n)}
	for i := range tb.terms {
		for j := 1; j <= fourierHarmonics; j++ {
			sin, cos := fourierTerm(j, i, period)
			tb.terms[i][j-1] = [2]float64{sin, cos}
		}
	}
	fourierTable.Store(tb)
	return tb.terms
}

// fitRegression fits y on the design; nil when the fit fails or is degenerate.
//
// The least-squares problem is solved as github.com/sajari/regression does
// (an intercept column, Householder QR of the design, R c = Q'y by back
// substitution) but applies the reflections to y as they are made instead
// of forming the n x n matrix Q, and skips sajari's fitted values, variance
// and R^2: the coefficients agree with sajari's to rounding
// (TestRegressionMatchesSajari) at a fraction of the cost.
func fitRegression(y, x []float64, start, lags, period int) *regFit {
	return fitRegressionWith(y, x, start, lags, period, leastSquares)
}

// fitRegressionSajari fits the same design with github.com/sajari/regression
// itself. It is used for the pooled category fits at the forecast origin (a
// few dozen a run); the backtest origins' pooled fits and the thousands of
// per-SKU fits use leastSquares (see buildPools).
func fitRegressionSajari(y, x []float64, start, lags, period int) *regFit {
	return fitRegressionWith(y, x, start, lags, period, sajariSolve)
}

// sajariSolve regresses y on an intercept and the kept columns of design with
// github.com/sajari/regression; coefficients intercept first, as leastSquares.
func sajariSolve(design []float64, p int, keep []bool, _ int, y []float64) ([]float64, bool) {
	var r regression.Regression
	r.SetObserved("returns")
	v := make([]float64, 0, p)
	for i, yi := range y {
		v = v[:0]
		for j, k := range keep {
			if k {
				v = append(v, design[i*p+j])
			}
		}
		r.Train(regression.DataPoint(yi, append([]float64(nil), v...)))
	}
	if err := r.Run(); err != nil {
		return nil, false
	}
	c := r.GetCoeffs()
	for _, x := range c {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
	}
	return c, true
}

// fitRegressionWith builds the design and solves it with solve.
func fitRegressionWith(y, x []float64, start, lags, period int, solve func(design []float64, p int, keep []bool, nk int, y []float64) ([]float64, bool)) *regFit {
	hasX := len(x) == len(y) && len(x) > 0
	harm := 2
	if period <= 1 || len(y) < period {
		harm = 0
	}
	first := 0
	if hasX {
		first = lags - 1
	}
	n := len(y) - first
	if n <= 0 {
		return nil
	}
	sc := designScratch.Get().(*designBuffers)
	defer designScratch.Put(sc)
	row := regRow(sc.row[:0], x, nil, first, start, lags, period, harm, hasX)
	p := len(row)
	design := sc.design[:0]
	if cap(design) < n*p {
		design = make([]float64, 0, n*p)
	}
	defer func() { sc.row, sc.design = row, design }()
	for t := first; t < len(y); t++ {
		row = regRow(row, x, nil, t, start, lags, period, harm, hasX)
		design = append(design, row...)
	}
	keep := make([]bool, p)
	nk := 0
	for j := range p {
		lo, hi := design[j], design[j]
		for i := range n {
			switch v := design[i*p+j]; {
			case v < lo:
				lo = v
			case v > hi:
				hi = v
			}
		}
		keep[j] = hi-lo > 1e-9*math.Max(1, math.Abs(hi))
		if keep[j] {
			nk++
		}
	}
	if n < nk+3 {
		return nil
	}
	c, ok := solve(design, p, keep, nk, y[first:])
	if !ok {
		return nil
	}
	return &regFit{coef: c, lags: lags, period: period, harm: harm, keep: keep, hasX: hasX}
}

// designBuffers hold a design row and matrix for fitRegressionWith.
type designBuffers struct{ row, design []float64 }

// designScratch and qrScratch lend working space to the regression fits,
// which run on many goroutines at once: thousands of per-SKU fits per run
// would otherwise allocate their design matrix and its QR copy each time.
// The buffers are overwritten before they are read.
var (
	designScratch = sync.Pool{New: func() any { return new(designBuffers) }}
	qrScratch     = sync.Pool{New: func() any { return new([]float64) }}
)

// leastSquares regresses y on an intercept and the kept columns of design
// (row-major, p columns) by Householder QR, the factorisation LAPACK's dgeqr2
// (and so gonum and sajari) computes, applied to y as it goes; ok is false
// when the design is singular (a zero pivot) or a coefficient is not
// finite. Small and allocation-light: it runs once per SKU and origin.
func leastSquares(design []float64, p int, keep []bool, nk int, y []float64) ([]float64, bool) {
	n := len(y)
	q := nk + 1
	// column-major copy of the kept columns, intercept first, then y, then
	// the pivots (every element is written before it is read)
	buf := qrScratch.Get().(*[]float64)
	defer qrScratch.Put(buf)
	if cap(*buf) < n*q+n+q {
		*buf = make([]float64, n*q+n+q)
	}
	a := (*buf)[: n*q+n : n*q+n]
	for i := range n {
		a[i] = 1
	}
	ci := 1
	for j, k := range keep {
		if !k {
			continue
		}
		col := a[ci*n : (ci+1)*n]
		for i := range n {
			col[i] = design[i*p+j]
		}
		ci++
	}
	b := a[n*q:]
	copy(b, y)
	diag := (*buf)[n*q+n : n*q+n+q]
	for j := range q {
		x := a[j*n+j : (j+1)*n]
		// norm with scaling, as dnrm2: no overflow on huge values
		scale := 0.0
		for _, v := range x {
			scale = max(scale, math.Abs(v))
		}
		if scale == 0 || math.IsInf(scale, 0) || math.IsNaN(scale) {
			return nil, false
		}
		ss := 0.0
		for _, v := range x {
			ss += (v / scale) * (v / scale)
		}
		norm := scale * math.Sqrt(ss)
		alpha := -math.Copysign(norm, x[0])
		// reflector v = x - alpha e1, H = I - 2 v v' / v'v
		x[0] -= alpha
		vtv := 2 * norm * (norm + math.Abs(x[0]+alpha))
		// (v'v = 2 (norm^2 - x0 alpha) = 2 norm (norm + |x0|))
		// the columns right of j, then y (k = q), four at a time
		col := func(k int) []float64 {
			if k == q {
				return b[j:]
			}
			return a[k*n+j : (k+1)*n]
		}
		k := j + 1
		for ; k+3 <= q; k += 4 {
			reflect4(x, vtv, col(k), col(k+1), col(k+2), col(k+3))
		}
		for ; k <= q; k++ {
			reflect1(x, vtv, col(k))
		}
		diag[j] = alpha
	}
	out := make([]float64, q)
	for j := q - 1; j >= 0; j-- {
		v := b[j]
		for k := j + 1; k < q; k++ {
			v -= a[k*n+j] * out[k]
		}
		v /= diag[j]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		out[j] = v
	}
	return out, true
}

// reflect1 applies the Householder reflection I - 2 x x' / vtv to c:
// c -= (2 x'c / vtv) x.
func reflect1(x []float64, vtv float64, c []float64) {
	c = c[:len(x)] // one bounds check instead of one per element
	d := 0.0
	for i, v := range x {
		d += v * c[i]
	}
	f := 2 * d / vtv
	for i, v := range x {
		c[i] -= f * v
	}
}

// reflect4 is reflect1 on four columns at once: their dot products are
// independent sums (each in element order, as reflect1 adds them), which
// the processor overlaps instead of waiting on one addition at a time.
func reflect4(x []float64, vtv float64, c0, c1, c2, c3 []float64) {
	n := len(x)
	c0, c1, c2, c3 = c0[:n], c1[:n], c2[:n], c3[:n]
	var d0, d1, d2, d3 float64
	for i, v := range x {
		d0 += v * c0[i]
		d1 += v * c1[i]
		d2 += v * c2[i]
		d3 += v * c3[i]
	}
	f0, f1, f2, f3 := 2*d0/vtv, 2*d1/vtv, 2*d2/vtv, 2*d3/vtv
	for i, v := range x {
		c0[i] -= f0 * v
		c1[i] -= f1 * v
		c2[i] -= f2 * v
		c3[i] -= f3 * v
	}
}

// predict evaluates the fit for calendar week t (relative to x[0]); when
// share >= 0, the non-shipment part is multiplied by share (pooled use).
func (f *regFit) predict(x, xf []float64, t, start int, share float64) float64 {
	var buf [16]float64
	row := regRow(buf[:0], x, xf, t, start, f.lags, f.period, f.harm, f.hasX)
	v := f.coef[0]
	if share >= 0 {
		v *= share
	}
	ci := 1
	for j, keep := range f.keep {
		if !keep {
			continue
		}
		term := f.coef[ci] * row[j]
		if share >= 0 && !(f.hasX && j < f.lags) {
			term *= share
		}
		v += term
		ci++
	}
	return v
}

func (m Regression) forecast(in *Input, h int) ([]float64, error) {
	minOwn := m.minOwn()
	n := len(in.Y)
	x := in.X
	if len(x) != n {
		x = nil
	}
	if x == nil {
		return nil, errNeeds(ModelRegression, "shipments (none in the history)")
	}
	f := make([]float64, h)
	if n >= minOwn {
		// Coefficients are fitted once per series and cached: later backtest
		// origins re-use those of the earliest (data before it only).
		var fit *regFit
		if c, ok := in.Cache.get(ModelRegression); ok {
			if len(c) == 0 {
				return nil, ErrNoHistory
			}
			fit = decodeFit(c)
		} else {
			fit = fitRegression(in.Y, x, in.Start, m.lags(), in.Period)
			in.Cache.put(ModelRegression, fit.encode())
		}
		if fit == nil {
			return nil, ErrNoHistory
		}
		for i := range f {
			f[i] = fit.predict(x, in.XFuture, n+i, in.Start, -1)
		}
		return f, nil
	}
	if in.Pool == nil || in.Pool.Reg == nil || x == nil || !in.Pool.Reg.hasX {
		return nil, ErrNoHistory
	}
	// The non-shipment part (intercept, trend, season) is scaled by the SKU's
	// mean weekly returns over the group's (scaleTo).
	sy := 0.0
	for _, v := range in.Y {
		sy += v
	}
	share := 0.0
	if in.Pool.Reg.scaleTo > 0 && n > 0 {
		share = sy / float64(n) / in.Pool.Reg.scaleTo
	}
	for i := range f {
		f[i] = in.Pool.Reg.predict(x, in.XFuture, n+i, in.Start, share)
	}
	return f, nil
}

// encode flattens a fit for ParamCache (nil fit: empty).
func (f *regFit) encode() []float64 {
	if f == nil {
		return nil
	}
	hx := 0.0
	if f.hasX {
		hx = 1
	}
	out := []float64{float64(f.lags), float64(f.period), float64(f.harm), hx, float64(len(f.keep))}
	for _, k := range f.keep {
		if k {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	}
	return append(out, f.coef...)
}

func decodeFit(c []float64) *regFit {
	f := &regFit{lags: int(c[0]), period: int(c[1]), harm: int(c[2]), hasX: c[3] == 1}
	nk := int(c[4])
	for _, v := range c[5 : 5+nk] {
		f.keep = append(f.keep, v == 1)
	}
	f.coef = append([]float64(nil), c[5+nk:]...)
	return f
}
