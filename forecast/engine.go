package forecast

import (
	"context"
	"fmt"
	"runtime/trace"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
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
	// NotFitted says why a model was not fitted or selected for the series
	// (the input it needs and the series lacks, or too short a history).
	NotFitted map[string]string
	// Scale is the MASE denominator at the first backtest origin.
	Scale float64
	// sse is the backtest mean squared error per model (models that ran everywhere).
	sse map[string]float64
	// intermittent: the history at the last backtest origin has a mean
	// interval between demands over 1.32 periods (SelectAuto).
	intermittent bool
	// cache holds the parameters fitted at the first backtest origin; the
	// final fit starts from them.
	cache *ParamCache
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
	// Exposure is each shipping SKU's open exposure over the history.
	Exposure []Exposure
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
	tr := phaseTimer{ctx: ctx, report: opts.Phase, last: time.Now()}
	all := append(append([]int(nil), bos...), origin)
	// Alerts and the open exposure need only the data and the last origin's
	// pools: they run beside the other pools and the fits, filling the
	// cores the serial steps (selection, merges) leave idle. The last
	// origin's pools are built first so that they start early.
	last := len(all) - 1
	pools := make([]map[string]*Pool, len(all))
	var side sync.WaitGroup
	var sideDur time.Duration
	side.Add(1)
	parallelN(len(all), opts.Workers, func(k int) {
		i := last - k
		pools[i] = buildPools(ds, all[i], opts, i == last)
		if i != last {
			return
		}
		go func() {
			defer side.Done()
			t0 := time.Now()
			res.Alerts = reasonAlerts(ds, origin, pools[last], opts)
			res.Exposure = openExposure(ds, origin, pools[last])
			sideDur = time.Since(t0)
		}()
	})
	tr.mark("pools")
	res.Series = make([]*SeriesResult, len(ds.Series))
	var mu sync.Mutex
	done := 0
	if err := parallel(ctx, len(ds.Series), opts.Workers, func(i int) {
		res.Series[i] = fitSeries(ds, ds.Series[i], all, pools, models, opts)
		if opts.Progress != nil {
			mu.Lock()
			done++
			opts.Progress(done, len(ds.Series))
			mu.Unlock()
		}
	}); err != nil {
		side.Wait()
		return nil, fmt.Errorf("forecast: %w", err)
	}
	tr.mark("fit")
	selectModels(res.Series, opts)
	tr.mark("select")
	// The levels' backtests (scores, interval calibration) need the
	// selection but not the final forecasts: they run beside the final
	// refits, filling the cores the refits leave idle. Neither writes what
	// the other reads.
	var levels []*LevelResult
	var backtests sync.WaitGroup
	backtests.Add(1)
	go func() {
		defer backtests.Done()
		levels = reconcileBacktests(ds, res, opts)
	}()
	if err := parallel(ctx, len(res.Series), opts.Workers, func(i int) {
		finalForecast(ds, res.Series[i], all, pools, opts)
	}); err != nil {
		backtests.Wait()
		side.Wait()
		return nil, fmt.Errorf("forecast: %w", err)
	}
	tr.mark("final")
	// reason forecasts need only the SKU forecasts: beside the reconciliation
	var reasons sync.WaitGroup
	reasons.Add(1)
	go func() {
		defer reasons.Done()
		res.Reasons = reasonForecasts(ds, res, opts)
	}()
	backtests.Wait()
	for _, lr := range levels {
		lr.setForecasts(res, opts.Workers)
	}
	res.Levels = levels
	tr.mark("reconcile")
	reasons.Wait()
	tr.mark("reasons")
	res.Workload = workload(ds, res)
	side.Wait()
	tr.mark("wait")
	if opts.Phase != nil {
		opts.Phase("alerts+exposure (beside the fits)", sideDur)
	}
	return res, nil
}

// inputAt builds the model input for series s with history [0, o): the
// target cleaned of spikes (robust.go); shipments only when the history has
// some (all zero: the shipment-driven models are not applicable).
func inputAt(ds *Dataset, s *Series, o int, pool *Pool, h int, opts Options) *Input {
	first := firstActive(s.Y, s.X, o)
	in := &Input{Y: despike(s.Y[first:o], ds.Period, opts.SpikeZ), Start: first, Period: ds.Period, Pool: pool}
	if s.X != nil && !allZero(s.X[first:o]) {
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
	r := &SeriesResult{Series: s, Backtest: map[string][][]float64{}, Failed: map[string]bool{}, NotFitted: map[string]string{}}
	cache := NewParamCache()
	r.cache = cache
	// per model (models order), filled origin by origin, then put in the
	// maps once: a repeated name keeps its last model's forecasts, as
	// writing through the map at each origin did
	names := make([]string, len(models))
	bt := make([][][]float64, len(models))
	for k, m := range models {
		names[k] = m.Name()
		bt[k] = make([][]float64, nb)
	}
	for oi := range nb {
		o := origins[oi]
		in := inputAt(ds, s, o, pools[oi][s.Category], H, opts)
		in.Cache = cache
		if oi == 0 {
			r.Scale = naiveScale(in.Y)
		}
		if oi == nb-1 {
			r.intermittent = meanInterval(in.Y) > 1.32
		}
		var naive []float64
		for k, m := range models {
			f, err := Forecast(m, in, H)
			if err != nil {
				r.Failed[names[k]] = true
				if _, ok := r.NotFitted[names[k]]; !ok {
					r.NotFitted[names[k]] = strings.TrimPrefix(err.Error(), "forecast: ")
				}
				if naive == nil {
					naive, _ = Forecast(Naive{}, in, H)
				}
				f = naive
			}
			bt[k][oi] = f
		}
	}
	for k, name := range names {
		r.Backtest[name] = bt[k]
	}
	r.sse = make(map[string]float64, len(models))
	for _, name := range names {
		if r.Failed[name] {
			continue
		}
		mbt := r.Backtest[name]
		var se float64
		n := 0
		for oi, o := range origins[:nb] {
			for h, f := range mbt[oi] {
				if o+h >= len(s.Y) {
					break
				}
				e := f - s.Y[o+h]
				se += e * e
				n++
			}
		}
		if n > 0 {
			r.sse[name] = se / float64(n)
		}
	}
	return r
}

// notFittedText lists the models not fitted for the series and why, in
// name order ("model: reason; ...").
func (r *SeriesResult) notFittedText() string {
	names := make([]string, 0, len(r.NotFitted))
	for n := range r.NotFitted {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + ": " + r.NotFitted[n]
	}
	return strings.Join(parts, "; ")
}

// finalForecast forecasts from the last origin with the selected weights,
// parameters refitted on the whole history.
func finalForecast(ds *Dataset, r *SeriesResult, origins []int, pools []map[string]*Pool, opts Options) {
	H := opts.Horizon
	nb := len(origins) - 1
	s := r.Series
	in := inputAt(ds, s, origins[nb], pools[nb][s.Category], H, opts)
	in.Cache = r.cache.warm()
	r.Mean = make([]float64, H)
	for _, name := range r.weightNames() {
		w := r.Weights[name]
		f, err := Forecast(ModelByName(name), in, H)
		if err != nil {
			f, _ = Forecast(Naive{}, in, H)
		}
		for h := range r.Mean {
			r.Mean[h] += w * f[h]
		}
	}
}

// weightNames returns the combined models in name order, so that sums over
// them do not depend on map iteration order.
func (r *SeriesResult) weightNames() []string {
	names := make([]string, 0, len(r.Weights))
	for n := range r.Weights {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// selectedBacktest returns the combination of the backtest forecasts with the
// selected weights, [origin][h].
func (r *SeriesResult) selectedBacktest() [][]float64 {
	var out [][]float64
	for _, name := range r.weightNames() {
		w := r.Weights[name]
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

// parallel runs fn(0..n-1) on workers goroutines, stopping early when ctx
// ends. Each worker takes the next index from a shared counter: no
// goroutine hands the indices out, so a worker that finishes a call starts
// the next at once (a channel fed by a third goroutine left a core idle
// while that goroutine waited for one to hand it the next index).
func parallel(ctx context.Context, n, workers int, fn func(i int)) error {
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if ctx.Err() != nil {
					stop.Store(true)
					return
				}
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	if stop.Load() {
		return ctx.Err()
	}
	return nil
}

// phaseTimer reports the wall time of each phase of Run to Options.Phase,
// and marks each phase's end in a Go execution trace when one is running.
type phaseTimer struct {
	ctx    context.Context
	report func(phase string, d time.Duration)
	last   time.Time
}

func (t *phaseTimer) mark(phase string) {
	if trace.IsEnabled() {
		trace.Log(t.ctx, "phase end", phase)
	}
	if t.report == nil {
		return
	}
	now := time.Now()
	t.report(phase, now.Sub(t.last))
	t.last = now
}

// parallelN runs fn(0..n-1) on workers goroutines, in chunks of
// consecutive indices for cheap calls. Chunks shrink as the work runs out
// (guided self-scheduling: a quarter of the remaining indices' share per
// worker, at most 64, at least 1), so that no worker is left with a large
// last chunk while the others wait.
func parallelN(n, workers int, fn func(i int)) {
	if workers <= 1 || n < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Load())
				if lo >= n {
					return
				}
				c := max(1, min(64, (n-lo)/(4*workers)))
				if !next.CompareAndSwap(int64(lo), int64(lo+c)) {
					continue
				}
				for i := lo; i < lo+c; i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}

// selectModels sets each series' Model and Weights from the backtest.
//
// SelectBest: the model with the lowest backtest MSE of the series.
// SelectCombo: the three lowest, weights 1/MSE.
// SelectPooled (default): each model's score for a series is its MSE relative
// to the series' mean MSE over models, plus PoolWeight times the same
// relative score averaged over the series' category; the best model and up
// to two more whose score is within CombineWithin x the best's are combined
// with weights 1/score. Pooling over the category steadies a choice that 4
// origins x 13 weeks of one SKU would leave noisy; leaving out models clearly
// behind the best keeps their error out of the mix.
func selectModels(rs []*SeriesResult, opts Options) {
	// per series, in parallel: the models with a backtest MSE in name order
	// and their MSE relative to the series' mean MSE
	type modelMSE struct {
		name     string
		sse, rel float64
	}
	per := make([][]modelMSE, len(rs))
	parallelN(len(rs), opts.Workers, func(i int) {
		r := rs[i]
		if len(r.sse) == 0 {
			return
		}
		ms := make([]modelMSE, 0, len(r.sse))
		for m, v := range r.sse {
			ms = append(ms, modelMSE{name: m, sse: v})
		}
		// names are unique: any sort gives this one order
		slices.SortFunc(ms, func(a, b modelMSE) int { return strings.Compare(a.name, b.name) })
		mean := 0.0
		for _, m := range ms {
			mean += m.sse
		}
		mean /= float64(len(ms))
		for k := range ms {
			x := 1.0
			if mean > 0 {
				x = ms[k].sse / mean
			}
			ms[k].rel = x
		}
		per[i] = ms
	})
	// category sums of the relative scores, each in series order (the
	// sums must not depend on scheduling), the categories in parallel
	catSum := map[string]map[string]float64{}
	catN := map[string]map[string]float64{}
	var cats []string
	members := map[string][]int{}
	for i, r := range rs {
		if len(per[i]) == 0 {
			continue
		}
		c := r.Series.Category
		if catSum[c] == nil {
			catSum[c], catN[c] = map[string]float64{}, map[string]float64{}
			cats = append(cats, c)
		}
		members[c] = append(members[c], i)
	}
	parallelN(len(cats), opts.Workers, func(k int) {
		c := cats[k]
		sum, n := catSum[c], catN[c]
		for _, i := range members[c] {
			for _, m := range per[i] {
				sum[m.name] += m.rel
				n[m.name]++
			}
		}
	})
	type cand struct {
		name  string
		score float64
	}
	fallback := ModelNaive
	if ms := opts.models(); len(ms) > 0 {
		fallback = ms[0].Name()
	}
	parallelN(len(rs), opts.Workers, func(i int) {
		r := rs[i]
		if opts.Selection == SelectFamily || (opts.Selection == SelectAuto && !r.intermittent) {
			selectFamilies(r, fallback)
			return
		}
		cs := make([]cand, 0, len(per[i]))
		for _, m := range per[i] {
			sc := m.sse
			switch opts.Selection {
			case SelectPooled, SelectAuto:
				c := r.Series.Category
				sc = m.rel + opts.PoolWeight*catSum[c][m.name]/catN[c][m.name]
			}
			cs = append(cs, cand{m.name, sc})
		}
		if len(cs) == 0 {
			// no candidate ran: the first one, whose backtest is the
			// naive stand-in (as its final forecast will be)
			cs = []cand{{fallback, 1}}
		}
		// slices.SortFunc makes sort.Slice's comparisons (cmp < 0 for
		// less), without its reflection-based swaps
		slices.SortFunc(cs, func(a, b cand) int {
			if a.score != b.score {
				if a.score < b.score {
					return -1
				}
				return 1
			}
			return strings.Compare(a.name, b.name)
		})
		r.Weights = map[string]float64{}
		k := min(3, len(cs))
		if opts.Selection == SelectPooled || opts.Selection == SelectAuto {
			// only models close to the best join it: a clearly worse one adds its error
			k = 1
			for k < min(3, len(cs)) && cs[k].score <= opts.CombineWithin*cs[0].score {
				k++
			}
		}
		if opts.Selection == SelectBest || k < 2 || (opts.Selection == SelectCombo && k < 3) {
			r.Weights[cs[0].name] = 1
			r.Model = cs[0].name
			return
		}
		var tot float64
		for _, c := range cs[:k] {
			tot += 1 / (c.score + 1e-12)
		}
		names := make([]string, k)
		for k, c := range cs[:k] {
			r.Weights[c.name] = 1 / (c.score + 1e-12) / tot
			names[k] = c.name
		}
		r.Model = "combo(" + strings.Join(names, ",") + ")"
	})
}
