package forecast

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// SeriesResult is one series' forecast and backtest.
type SeriesResult struct {
	Series *Series
	// Model is the selected model, or "combo(a,b,c)" for a combination.
	Model string
	// Weights of the models combined (one entry with weight 1 for SelectBest).
	Weights map[string]float64
	// Mean is the point forecast for h = 1..Horizon.
	Mean []float64
	// Backtest[model][o][h] is the forecast made at backtest origin o.
	Backtest map[string][][]float64
	// Failed lists models that could not run at some origin (naive stood in).
	Failed map[string]bool
	// Scale is the MASE denominator at the first backtest origin.
	Scale float64
}

// Result is the output of Run.
type Result struct {
	// Origin is the number of periods of history used (the forecast starts at
	// calendar index Origin).
	Origin  int
	Horizon int
	// BacktestOrigins are the history lengths of the backtest origins, ascending.
	BacktestOrigins []int
	Models          []string
	Series          []*SeriesResult
	Levels          []*LevelResult
	Reasons         []ReasonForecast
	Alerts          []Alert
	Workload        []WorkloadRow
}

// Run forecasts every series of ds from history [0, origin) (origin <= 0
// means all of it) and backtests every model on opts.Origins earlier origins.
func Run(ctx context.Context, ds *Dataset, origin int, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	if origin <= 0 || origin > ds.Weeks {
		origin = ds.Weeks
	}
	if len(ds.Series) == 0 {
		return nil, ErrNoData
	}
	H := opts.Horizon
	var bos []int
	for k := opts.Origins - 1; k >= 0; k-- {
		b := origin - H - k*opts.Step
		if b >= 8 {
			bos = append(bos, b)
		}
	}
	if len(bos) == 0 {
		return nil, fmt.Errorf("backtest needs at least %d periods of history, have %d: %w", H+8, origin, ErrNoHistory)
	}
	models := opts.models()
	res := &Result{Origin: origin, Horizon: H, BacktestOrigins: bos}
	for _, m := range models {
		res.Models = append(res.Models, m.Name())
	}
	all := append(append([]int(nil), bos...), origin)
	pools := make([]map[string]*Pool, len(all))
	for i, o := range all {
		pools[i] = buildPools(ds, o, opts)
	}
	res.Series = make([]*SeriesResult, len(ds.Series))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res.Series[i] = fitSeries(ds, ds.Series[i], all, pools, models, opts)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(ds.Series))
					mu.Unlock()
				}
			}
		}()
	}
	var cerr error
feed:
	for i := range ds.Series {
		select {
		case <-ctx.Done():
			cerr = ctx.Err()
			break feed
		case jobs <- i:
		}
	}
	close(jobs)
	wg.Wait()
	if cerr != nil {
		return nil, fmt.Errorf("forecast: %w", cerr)
	}
	res.Levels = reconcile(ds, res, opts)
	res.Reasons = reasonForecasts(ds, res, opts)
	res.Alerts = reasonAlerts(ds, origin, opts)
	res.Workload = workload(ds, res)
	return res, nil
}

// inputAt builds the model input for series s with history [0, o).
func inputAt(ds *Dataset, s *Series, o int, pool *Pool, h int) *Input {
	first := firstActive(s.Y, s.X, o)
	in := &Input{Y: s.Y[first:o], Start: first, Period: ds.Period, Pool: pool}
	if s.X != nil {
		in.X = s.X[first:o]
		var season []float64
		if pool != nil {
			season = pool.Season
		}
		in.XFuture = forecastShipments(in.X, first, season, h)
	}
	return in
}

func fitSeries(ds *Dataset, s *Series, origins []int, pools []map[string]*Pool, models []Model, opts Options) *SeriesResult {
	H := opts.Horizon
	nb := len(origins) - 1
	r := &SeriesResult{Series: s, Backtest: map[string][][]float64{}, Failed: map[string]bool{}}
	cache := NewParamCache()
	for oi := range nb {
		o := origins[oi]
		in := inputAt(ds, s, o, pools[oi][s.Category], H)
		in.Cache = cache
		if oi == 0 {
			r.Scale = naiveScale(in.Y)
		}
		var naive []float64
		for _, m := range models {
			f, err := Forecast(m, in, H)
			if err != nil {
				r.Failed[m.Name()] = true
				if naive == nil {
					naive, _ = Forecast(Naive{}, in, H)
				}
				f = naive
			}
			if r.Backtest[m.Name()] == nil {
				r.Backtest[m.Name()] = make([][]float64, nb)
			}
			r.Backtest[m.Name()][oi] = f
		}
	}
	// selection on backtest errors
	type cand struct {
		name     string
		mae, mse float64
	}
	var cs []cand
	for _, m := range models {
		if r.Failed[m.Name()] {
			continue
		}
		var ae, se float64
		n := 0
		for oi, o := range origins[:nb] {
			for h, f := range r.Backtest[m.Name()][oi] {
				if o+h >= len(s.Y) {
					break
				}
				e := f - s.Y[o+h]
				ae += math.Abs(e)
				se += e * e
				n++
			}
		}
		if n > 0 {
			cs = append(cs, cand{m.Name(), ae / float64(n), se / float64(n)})
		}
	}
	if len(cs) == 0 {
		cs = []cand{{ModelNaive, 0, 0}}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].mae < cs[j].mae })
	r.Weights = map[string]float64{}
	if opts.Selection == SelectCombo && len(cs) >= 3 {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].mse < cs[j].mse })
		var tot float64
		for _, c := range cs[:3] {
			tot += 1 / (c.mse + 1e-9)
		}
		names := make([]string, 3)
		for i, c := range cs[:3] {
			r.Weights[c.name] = 1 / (c.mse + 1e-9) / tot
			names[i] = c.name
		}
		r.Model = "combo(" + strings.Join(names, ",") + ")"
	} else {
		r.Weights[cs[0].name] = 1
		r.Model = cs[0].name
	}
	// final forecast at the last origin, parameters refitted
	in := inputAt(ds, s, origins[nb], pools[nb][s.Category], H)
	in.Cache = NewParamCache()
	r.Mean = make([]float64, H)
	for name, w := range r.Weights {
		f, err := Forecast(ModelByName(name), in, H)
		if err != nil {
			f, _ = Forecast(Naive{}, in, H)
		}
		for h := range r.Mean {
			r.Mean[h] += w * f[h]
		}
	}
	return r
}

// selectedBacktest returns the combination of the backtest forecasts with the
// selected weights, [origin][h].
func (r *SeriesResult) selectedBacktest() [][]float64 {
	var out [][]float64
	for name, w := range r.Weights {
		bt := r.Backtest[name]
		if out == nil {
			out = make([][]float64, len(bt))
			for i := range bt {
				out[i] = make([]float64, len(bt[i]))
			}
		}
		for i := range bt {
			for h := range bt[i] {
				out[i][h] += w * bt[i][h]
			}
		}
	}
	return out
}
