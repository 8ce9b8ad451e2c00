package forecast

import (
	"math"
	"sync"
)

// Input is what a model sees: the history of one series up to the forecast
// origin (oldest first) and optional covariates. Models never modify it.
type Input struct {
	// Y is the target history (returned units per week, or any count series).
	// Gaps must already be filled (with 0 for counts).
	Y []float64
	// X is the shipment history aligned with Y (units shipped per week); nil
	// when unknown (generic mode).
	X []float64
	// XFuture is the shipment forecast for the weeks after the origin (at least
	// h values when X is set).
	XFuture []float64
	// Start is the calendar index of Y[0] (week 0 = the dataset's first week);
	// it aligns seasonal and Fourier terms across series.
	Start int
	// Period is the seasonal period (52 weekly, 12 monthly); 0 or 1 means none.
	Period int
	// Pool holds what is shared by the series' group (category): return
	// probability prior, lag distribution, pooled regression. May be nil.
	Pool *Pool
	// Cache, when non-nil, lets a model reuse parameters fitted at an earlier
	// origin of the same series (fit once, re-filter later origins).
	Cache *ParamCache
}

// Model forecasts h steps after the end of Input.Y. Forecasts are means of
// the predictive distribution, finite and >= 0 (Forecast sanitises them, in
// place: forecast returns a new slice the caller owns).
type Model interface {
	Name() string
	forecast(in *Input, h int) ([]float64, error)
}

// Forecast runs m on in and returns h finite, non-negative values. A model
// that cannot run returns its error (ErrNoHistory, ErrNotApplicable).
func Forecast(m Model, in *Input, h int) ([]float64, error) {
	if h <= 0 {
		return nil, nil
	}
	f, err := m.forecast(in, h)
	if err != nil {
		return nil, err
	}
	return sanitize(f, in.Y, h), nil
}

// sanitize replaces NaN/Inf by the history mean (or 0), clips negatives to 0,
// and pads or cuts to h values. It works in place when f has h values or
// more.
func sanitize(f, y []float64, h int) []float64 {
	var out []float64
	if len(f) >= h {
		out = f[:h:h]
	} else {
		out = make([]float64, h)
	}
	fb, haveFB := 0.0, false
	fallback := func() float64 { // the history mean, computed only when needed
		if !haveFB {
			fb, haveFB = finiteMean(y), true
		}
		return fb
	}
	for i := range out {
		var v float64
		if i < len(f) {
			v = f[i]
		} else {
			v = fallback()
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			v = fallback()
		}
		if v < 0 {
			v = 0
		}
		if v > math.MaxFloat64/4 {
			v = math.MaxFloat64 / 4
		}
		out[i] = v
	}
	return out
}

func finiteMean(y []float64) float64 {
	s, n := 0.0, 0
	for _, v := range y {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s += v / 1024 // scaled to avoid overflow on huge values
			n++
		}
	}
	if n == 0 {
		return 0
	}
	m := s / float64(n) * 1024
	if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
		return 0
	}
	return m
}

// ParamCache keeps fitted parameters per model name for one series.
type ParamCache struct {
	mu sync.Mutex
	m  map[string][]float64
	// start holds parameters fitted earlier on a shorter history of the same
	// series: optimisers start from them (warm start) instead of defaults.
	start map[string][]float64
	// filters memoises filter runs with the cached parameters (see filter).
	filters map[filterKey]filterOut
	// adjusted memoises the seasonal adjustment of a history (deseasonFor).
	adjusted map[filterKey]adjusted
}

type adjusted struct {
	x  []float64
	s  seasonal
	ok bool
}

// deseasonFor is deseason(in.Y, in.Period), computed once per history
// (length and start) when in.Cache is set: Theta and DOTM share it at an
// origin.
func deseasonFor(in *Input) ([]float64, seasonal, bool) {
	c := in.Cache
	if c == nil {
		return deseason(in.Y, in.Period)
	}
	k := filterKey{"", len(in.Y), in.Start, in.Period}
	c.mu.Lock()
	a, hit := c.adjusted[k]
	c.mu.Unlock()
	if hit {
		return a.x, a.s, a.ok
	}
	a.x, a.s, a.ok = deseason(in.Y, in.Period)
	c.mu.Lock()
	if c.adjusted == nil {
		c.adjusted = map[filterKey]adjusted{}
	}
	c.adjusted[k] = a
	c.mu.Unlock()
	return a.x, a.s, a.ok
}

// filterOut is the end state of a smoothing filter run over a history with
// fitted parameters: level, trend, seasonal states and in-sample SSE.
type filterOut struct {
	l, t, sse float64
	s         []float64
}

type filterKey struct {
	name         string
	n, start, pd int
}

// filter returns run()'s result for model name on the history in (length
// and start), computed once per cache: the ETS model and the smoothing
// model it picks run the same filter with the same cached parameters at an
// origin. Results must not be modified.
func (c *ParamCache) filter(name string, in *Input, run func() filterOut) filterOut {
	if c == nil {
		return run()
	}
	k := filterKey{name, len(in.Y), in.Start, in.Period}
	c.mu.Lock()
	out, ok := c.filters[k]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = run()
	c.mu.Lock()
	if c.filters == nil {
		c.filters = map[filterKey]filterOut{}
	}
	c.filters[k] = out
	c.mu.Unlock()
	return out
}

// warm returns a new cache whose optimisers start from c's parameters.
func (c *ParamCache) warm() *ParamCache {
	w := NewParamCache()
	if c != nil {
		c.mu.Lock()
		w.start = make(map[string][]float64, len(c.m))
		for k, v := range c.m {
			w.start[k] = v
		}
		c.mu.Unlock()
	}
	return w
}

// startOf returns the warm-start parameters for name, if any.
func (c *ParamCache) startOf(name string) ([]float64, bool) {
	if c == nil || c.start == nil {
		return nil, false
	}
	p, ok := c.start[name]
	return p, ok && len(p) > 0
}

// NewParamCache returns an empty cache.
func NewParamCache() *ParamCache { return &ParamCache{m: map[string][]float64{}} }

func (c *ParamCache) get(name string) ([]float64, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[name]
	return p, ok
}

func (c *ParamCache) put(name string, p []float64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[name] = append([]float64(nil), p...)
}

// Names of the built-in models, as stored in forecasts.model.
const (
	ModelNaive        = "naive"
	ModelSNaive       = "snaive"
	ModelMovingAvg    = "ma"
	ModelCrostonSBA   = "croston_sba"
	ModelTSB          = "tsb"
	ModelSES          = "ses"
	ModelDamped       = "damped"
	ModelHoltWinters  = "holt_winters"
	ModelETS          = "ets"
	ModelRegression   = "regression"
	ModelOrderLinked  = "order_linked"
	ModelTheta        = "theta"
	ModelDynamicTheta = "dotm"
	ModelADIDA        = "adida"
	ModelIMAPA        = "imapa"
)

// AllModels returns the default candidate set, in a fixed order.
func AllModels() []Model {
	return []Model{
		Naive{}, SeasonalNaive{}, MovingAverage{Window: 8},
		CrostonSBA{}, TSB{}, SES{}, Damped{}, HoltWinters{}, ETS{},
		Regression{}, OrderLinked{},
		Theta{}, DynamicTheta{}, ADIDA{}, IMAPA{},
	}
}

// ModelByName returns the built-in model called name, or nil.
func ModelByName(name string) Model {
	for _, m := range AllModels() {
		if m.Name() == name {
			return m
		}
	}
	return nil
}
