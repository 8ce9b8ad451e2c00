package forecast

import (
	"math"

	"github.com/sajari/regression"
)

// Regression regresses returns on lagged shipments (a distributed lag over
// Lags weeks), a linear trend and annual Fourier terms (two harmonics), with
// github.com/sajari/regression (least squares by QR). A series with fewer
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
			a := 2 * math.Pi * float64(j) * float64(start+t) / float64(period)
			row = append(row, math.Sin(a), math.Cos(a))
		}
	}
	return row
}

// fitRegression fits y on the design; nil when the fit fails or is degenerate.
func fitRegression(y, x []float64, start, lags, period int) *regFit {
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
	var rows [][]float64
	for t := first; t < len(y); t++ {
		rows = append(rows, regRow(nil, x, nil, t, start, lags, period, harm, hasX))
	}
	if n <= 0 || len(rows) == 0 {
		return nil
	}
	p := len(rows[0])
	keep := make([]bool, p)
	nk := 0
	for j := range p {
		lo, hi := rows[0][j], rows[0][j]
		for _, r := range rows {
			lo, hi = math.Min(lo, r[j]), math.Max(hi, r[j])
		}
		keep[j] = hi-lo > 1e-9*math.Max(1, math.Abs(hi))
		if keep[j] {
			nk++
		}
	}
	if n < nk+3 {
		return nil
	}
	var r regression.Regression
	r.SetObserved("returns")
	for i, row := range rows {
		v := make([]float64, 0, nk)
		for j, keepj := range keep {
			if keepj {
				v = append(v, row[j])
			}
		}
		r.Train(regression.DataPoint(y[first+i], v))
	}
	if err := r.Run(); err != nil {
		return nil
	}
	c := r.GetCoeffs()
	for _, v := range c {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
	}
	return &regFit{coef: c, lags: lags, period: period, harm: harm, keep: keep, hasX: hasX}
}

// predict evaluates the fit for calendar week t (relative to x[0]); when
// share >= 0, the non-shipment part is multiplied by share (pooled use).
func (f *regFit) predict(x, xf []float64, t, start int, share float64) float64 {
	row := regRow(nil, x, xf, t, start, f.lags, f.period, f.harm, f.hasX)
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
	minOwn := m.MinOwn
	if minOwn <= 0 {
		minOwn = 52
	}
	n := len(in.Y)
	x := in.X
	if len(x) != n {
		x = nil
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
