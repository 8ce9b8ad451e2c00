package forecast

import (
	"math"
	"sort"
	"sync"
)

// Levels of the hierarchy, as stored in forecasts.level.
const (
	LevelSKU      = "sku"
	LevelCategory = "category"
	LevelSector   = "sector"
	LevelSite     = "site"
	LevelTotal    = "total"
)

// Horizon buckets of forecast_accuracy.horizons.
var horizonBuckets = []struct {
	Name   string
	Lo, Hi int // 1-based, inclusive
}{{"1-4", 1, 4}, {"5-13", 5, 13}, {"all", 1, 1 << 30}}

// KeyResult is the forecast of one key of a level.
type KeyResult struct {
	Key   string
	Model string
	Mean  []float64
	// Q[h] holds the 2.5, 10, 50, 90 and 97.5 % quantiles.
	Q [][5]float64
	// Phi80[h] and Phi95[h] are the calibrated negative-binomial dispersions
	// behind the 80 % and 95 % bands (of the demand sizes for a hurdle key):
	// the level's, times the key's error scale for a negative-binomial SKU
	// (seriesscale.go).
	Phi80, Phi95 []float64
	// Size is the mean demand size of an intermittent SKU, whose bands come
	// from the hurdle distribution (hurdle.go); 0: negative binomial.
	Size float64
}

// AccuracyRow is one forecast_accuracy row.
type AccuracyRow struct {
	Level, Key, Model, Horizons string
	Score                       Score
	Selected                    bool
}

// LevelResult holds one level's forecasts and backtest accuracy.
type LevelResult struct {
	Level    string
	Keys     []*KeyResult
	Accuracy []AccuracyRow
	disp     dispersion
	// dispH is the dispersion of the hurdle keys' demand sizes; sizes the
	// keys' demand sizes at the forecast origin (0: negative binomial)
	dispH dispersion
	sizes []float64
	// scales are the keys' error scales (seriesscale.go; nil: 1 each)
	scales []float64
	// what setForecasts needs, per key in key order: name, members, model
	keys    []string
	members [][]member
	models  []string
}

// ModelBottomUp names the forecast of aggregate levels: the sum of the SKU
// forecasts below them (bottom-up coherence).
const ModelBottomUp = "bottom_up"

type member struct {
	i int
	w float64
}

// levelMembers maps each key of a level to its series and weights. Site
// weights are each SKU's share of returns by site, shrunk toward the
// category's site mix (20 units' weight); they sum to 1 per SKU, so site
// forecasts sum to the total.
func levelMembers(ds *Dataset, level string) map[string][]member {
	m := map[string][]member{}
	switch level {
	case LevelSKU:
		for i, s := range ds.Series {
			m[s.Key] = append(m[s.Key], member{i, 1})
		}
	case LevelCategory:
		for i, s := range ds.Series {
			m[s.Category] = append(m[s.Category], member{i, 1})
		}
	case LevelSector:
		for i, s := range ds.Series {
			m[s.Sector] = append(m[s.Sector], member{i, 1})
		}
	case LevelTotal:
		for i := range ds.Series {
			m["total"] = append(m["total"], member{i, 1})
		}
	case LevelSite:
		catMix := map[string]map[string]float64{}
		for _, s := range ds.Series {
			if catMix[s.Category] == nil {
				catMix[s.Category] = map[string]float64{}
			}
			for site, u := range s.Sites {
				catMix[s.Category][site] += u
			}
		}
		for i, s := range ds.Series {
			cm := catMix[s.Category]
			var ct, st float64
			for _, u := range cm {
				ct += u
			}
			for _, u := range s.Sites {
				st += u
			}
			if ct == 0 {
				continue
			}
			for site, cu := range cm {
				w := (s.Sites[site] + 20*cu/ct) / (st + 20)
				if w > 0 {
					m[site] = append(m[site], member{i, w})
				}
			}
		}
	}
	return m
}

// reconcileBacktests builds every level's backtest bottom-up from the SKU
// backtests, scores it per key and model and calibrates the intervals per
// level and horizon bucket. It needs the selection (Weights, Model) but not
// the final forecasts (Mean): Run runs it beside the final refits, then
// setForecasts fills each level's keys. Levels, and the keys of a level,
// are processed on opts.Workers goroutines; results are merged in key
// order, so they do not depend on scheduling.
func reconcileBacktests(ds *Dataset, res *Result, opts Options) []*LevelResult {
	hasSites := false
	for _, s := range ds.Series {
		if len(s.Sites) > 0 {
			hasSites = true
			break
		}
	}
	var levels []string
	for _, level := range []string{LevelSKU, LevelCategory, LevelSector, LevelSite, LevelTotal} {
		if level == LevelSite && !hasSites {
			continue
		}
		if level == LevelSector && ds.Series[0].Sector == "" {
			continue
		}
		levels = append(levels, level)
	}
	sel := make([][][]float64, len(res.Series))
	// flat[i] holds series i's selected backtest forecasts, then each
	// model's (res.Models order), origin by origin: aggregates sum these
	// contiguous rows
	flat := make([][]float64, len(res.Series))
	parallelN(len(res.Series), opts.Workers, func(i int) {
		r := res.Series[i]
		sel[i] = r.selectedBacktest()
		f := make([]float64, 0, (1+len(res.Models))*len(res.BacktestOrigins)*res.Horizon)
		nb, H := len(res.BacktestOrigins), res.Horizon
		for _, bt := range append([][][]float64{sel[i]}, modelBacktests(r, res.Models)...) {
			for oi := range nb {
				var row []float64
				if oi < len(bt) {
					row = bt[oi]
				}
				for h := range H {
					v := 0.0
					if h < len(row) {
						v = row[h]
					}
					f = append(f, v)
				}
			}
		}
		flat[i] = f
	})
	out := make([]*LevelResult, len(levels))
	var wg sync.WaitGroup
	for li, level := range levels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[li] = reconcileLevel(ds, res, sel, flat, level, opts.Workers, !opts.NBOnly, !opts.NoSeriesScale)
		}()
	}
	wg.Wait()
	return out
}

// keyBT is one key's backtest: actuals, MASE scale, the selected forecast
// and every model's (res.Models order), per origin and horizon.
type keyBT struct {
	key    string
	actual []float64
	scale  float64
	sel    [][]float64
	model  string
	models [][][]float64
	// size[oi] is the hurdle demand size at backtest origin oi (0: none)
	size []float64
	// w is the key's error scale (seriesscale.go; 1: the level's)
	w float64
}

// reconcileLevel builds one level's backtest (see reconcileBacktests).
// With hurdle, intermittent SKUs get hurdle intervals (hurdle.go),
// calibrated apart from the other keys; with scale, each SKU's
// negative-binomial dispersion is scaled by its own backtest errors
// (seriesscale.go).
func reconcileLevel(ds *Dataset, res *Result, sel [][][]float64, flat [][]float64, level string, workers int, hurdle, scale bool) *LevelResult {
	bos := res.BacktestOrigins
	H := res.Horizon
	members := levelMembers(ds, level)
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lr := &LevelResult{Level: level, keys: keys, members: make([][]member, len(keys)), models: make([]string, len(keys)),
		sizes: make([]float64, len(keys))}
	kbs := make([]keyBT, len(keys))
	M, nb := len(res.Models), len(horizonBuckets)
	stride := (M + 1) * nb
	parallelN(len(keys), workers, func(ki int) {
		k := keys[ki]
		ms := members[k]
		actual := make([]float64, ds.Weeks)
		if level == LevelSite && ds.SiteY[k] != nil {
			copy(actual, ds.SiteY[k])
		} else {
			for _, mb := range ms {
				addScaled(actual, ds.Series[mb.i].Y, mb.w)
			}
		}
		kb := keyBT{key: k, actual: actual, models: make([][][]float64, len(res.Models)), w: 1}
		first := firstActive(actual, nil, bos[0])
		kb.scale = naiveScale(actual[first:bos[0]])
		if level == LevelSKU {
			// one member with weight 1: the SKU's own forecasts
			r := res.Series[ms[0].i]
			kb.sel = sel[ms[0].i]
			for m, name := range res.Models {
				kb.models[m] = r.Backtest[name]
			}
		} else {
			agg := make([]float64, len(flat[ms[0].i]))
			for _, mb := range ms {
				addScaled(agg, flat[mb.i], mb.w)
			}
			view := func(k int) [][]float64 {
				out := make([][]float64, len(bos))
				for oi := range out {
					o := (k*len(bos) + oi) * H
					out[oi] = agg[o : o+H : o+H]
				}
				return out
			}
			kb.sel = view(0)
			for m := range res.Models {
				kb.models[m] = view(1 + m)
			}
		}
		kb.model = ModelBottomUp
		if level == LevelSKU {
			kb.model = res.Series[ms[0].i].Model
			if hurdle {
				kb.size, lr.sizes[ki] = hurdleSizes(actual, bos, res.Origin)
			}
		}
		lr.members[ki], lr.models[ki] = ms, kb.model
		kbs[ki] = kb
	})
	if scale && level == LevelSKU {
		lr.scales = keyScales(kbs, bos, H, ds.Weeks, workers)
	}
	// the selected forecasts' backtest points per horizon, key by key
	// (hurdle keys apart)
	byH, byHH := make([][]calibPoint, H), make([][]calibPoint, H)
	parallelN(H, workers, func(h int) {
		byH[h] = make([]calibPoint, 0, len(kbs)*len(bos))
		for ki := range kbs {
			kb := &kbs[ki]
			for oi, o := range bos {
				if o+h >= ds.Weeks {
					continue
				}
				if kb.size != nil && kb.size[oi] > 0 {
					byHH[h] = append(byHH[h], calibPoint{mu: kb.sel[oi][h], a: kb.actual[o+h], s: kb.size[oi]})
				} else {
					byH[h] = append(byH[h], calibPoint{mu: kb.sel[oi][h], a: kb.actual[o+h], w: kb.w})
				}
			}
		}
	})
	// The level's two large arrays, its scores and accuracy rows (tens of
	// MB at SKU level, zeroed by one goroutine on allocation), are each
	// allocated beside the step before the one that fills them (the
	// calibration, the scores) rather than between steps, where the
	// zeroing left a core idle. The rows' room is an upper bound: every
	// key with every slot's rows, and the "*" rows.
	var scores []Score
	var rowBuf []AccuracyRow
	var alloc sync.WaitGroup
	alloc.Add(1)
	go func() {
		defer alloc.Done()
		scores = make([]Score, len(keys)*stride)
	}()
	var cw sync.WaitGroup
	cw.Add(1)
	go func() {
		defer cw.Done()
		lr.dispH = calibrate(byHH, workers)
	}()
	lr.disp = calibrate(byH, workers)
	cw.Wait()
	alloc.Wait()
	alloc.Add(1)
	go func() {
		defer alloc.Done()
		rowBuf = make([]AccuracyRow, 0, (len(keys)+1)*stride)
	}()
	// per key, in parallel: the scores of its selected forecast (slot M)
	// and of each model (slots 0..M-1, res.Models order), per bucket
	candidate := make([]bool, len(kbs)) // the key's model is one of res.Models
	parallelN(len(kbs), workers, func(ki int) {
		kb := &kbs[ki]
		ks := scores[ki*stride : (ki+1)*stride]
		var walk bandWalker
		score := func(bt [][]float64, withInt bool, sc []Score) {
			for oi, o := range bos {
				for h := range H {
					if o+h >= ds.Weeks {
						continue
					}
					a := kb.actual[o+h]
					var q [5]float64
					var sq [3]float64
					var c80, c95 float64
					if withInt {
						mu, s := bt[oi][h], 0.0
						if kb.size != nil {
							s = kb.size[oi]
						}
						if s > 0 {
							p80, p95 := lr.dispH.at(h)
							q = distQuantiles(mu, p80, p95, s)
							c80, c95 = distPIT(mu, p80, s, a, 0.1), distPIT(mu, p95, s, a, 0.025)
							sq[0] = q[2]
							sq[1], sq[2] = distUpper(mu, p80, p95, s)
						} else {
							p80, p95 := lr.disp.at(h)
							p80, p95 = p80*kb.w, p95*kb.w
							q, c80, c95 = walk.bands(mu, p80, p95, a)
							sq[0] = q[2]
							sq[1], sq[2] = upperQuantiles(mu, p80, p95)
						}
					}
					for bi, b := range horizonBuckets {
						if h+1 >= b.Lo && h+1 <= b.Hi {
							sc[bi].Add(bt[oi][h], a, kb.scale)
							if withInt {
								sc[bi].AddInterval(a, q, c80, c95)
								sc[bi].AddScaledPinball(a, sq, kb.scale)
							}
						}
					}
				}
			}
		}
		selSc := ks[M*nb : (M+1)*nb]
		score(kb.sel, true, selSc)
		for m, name := range res.Models {
			if name == kb.model {
				copy(ks[m*nb:(m+1)*nb], selSc)
				candidate[ki] = true
				continue
			}
			addPoints(kb.models[m], kb.actual, bos, H, kb.scale, ks[m*nb:(m+1)*nb])
		}
	})
	// The keys' rows in key order, then the "*" aggregates per model (slot
	// of its first occurrence in res.Models) and for the forecast used,
	// "engine" at SKU level, bottom_up above (slot M).
	slot := make(map[string]int, M)
	for m := M - 1; m >= 0; m-- {
		slot[res.Models[m]] = m
	}
	from := make([][]int, M) // the models merged into each slot, in order
	for m, name := range res.Models {
		from[slot[name]] = append(from[slot[name]], m)
	}
	aggName := make([]string, M+1)
	copy(aggName, res.Models)
	aggName[M] = "engine"
	if level != LevelSKU {
		aggName[M] = ModelBottomUp
	}
	alloc.Wait()
	lr.Accuracy = accuracyRows(level, kbs, scores, candidate, res.Models, rowBuf, workers)
	// the aggregates, slot by slot in parallel, each summing its keys'
	// scores in key order (and, within a key, in res.Models order), as one
	// loop over the keys would
	agg := make([]Score, stride)
	parallelN(M+1, workers, func(to int) {
		merge := func(sc []Score) {
			for bi := range nb {
				if sc[bi].N > 0 {
					agg[to*nb+bi].Merge(sc[bi])
				}
			}
		}
		for ki := range kbs {
			ks := scores[ki*stride : (ki+1)*stride]
			if to == M {
				// the forecast used: "engine" at SKU level, bottom_up above
				if level == LevelSKU || !candidate[ki] {
					merge(ks[M*nb:])
				}
				continue
			}
			for _, m := range from[to] {
				merge(ks[m*nb : (m+1)*nb])
			}
		}
	})
	emit := func(key, model string, sc []Score, selected bool) {
		for bi, b := range horizonBuckets {
			if sc[bi].N > 0 {
				lr.Accuracy = append(lr.Accuracy, AccuracyRow{level, key, model, b.Name, sc[bi], selected})
			}
		}
	}
	order := make([]int, 0, M+1)
	for i := range aggName {
		if i < M && slot[aggName[i]] != i {
			continue // a repeated model name: merged into its first slot
		}
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool { return aggName[order[a]] < aggName[order[b]] })
	for _, i := range order {
		selected := aggName[i] == ModelBottomUp || aggName[i] == "engine"
		emit("*", aggName[i], agg[i*nb:(i+1)*nb], selected)
	}
	return lr
}

// accuracyRows returns the keys' accuracy rows in key order: per key, the
// forecast used when it is none of the models (bottom_up above SKU level),
// then each model's, a row per horizon bucket with points. scores holds per
// key the models' scores (res.Models order) then the selected forecast's, a
// Score per bucket. The keys' rows are written in parallel, each at its
// offset, in buf when it has the room (as many rows again as a key has
// slots, for the "*" rows appended after them).
func accuracyRows(level string, kbs []keyBT, scores []Score, candidate []bool, models []string, buf []AccuracyRow, workers int) []AccuracyRow {
	M, nb := len(models), len(horizonBuckets)
	stride := (M + 1) * nb
	count := func(sc []Score) int {
		n := 0
		for _, s := range sc {
			if s.N > 0 {
				n++
			}
		}
		return n
	}
	off := make([]int, len(kbs)+1)
	for ki := range kbs {
		ks := scores[ki*stride : (ki+1)*stride]
		n := count(ks[:M*nb])
		if !candidate[ki] {
			n += count(ks[M*nb:])
		}
		off[ki+1] = off[ki] + n
	}
	n := off[len(kbs)]
	rows := buf[:0]
	if cap(buf) < n+stride {
		rows = make([]AccuracyRow, 0, n+stride)
	}
	rows = rows[:n]
	parallelN(len(kbs), workers, func(ki int) {
		kb := &kbs[ki]
		ks := scores[ki*stride : (ki+1)*stride]
		j := off[ki]
		put := func(model string, sc []Score, selected bool) {
			for bi, b := range horizonBuckets {
				if sc[bi].N > 0 {
					rows[j] = AccuracyRow{level, kb.key, model, b.Name, sc[bi], selected}
					j++
				}
			}
		}
		if !candidate[ki] {
			put(kb.model, ks[M*nb:], true)
		}
		for m, name := range models {
			put(name, ks[m*nb:(m+1)*nb], name == kb.model)
		}
	})
	return rows
}

// setForecasts sets lr.Keys: each key's forecast, the sum of its members'
// final forecasts (Mean) with their weights, and its quantiles from the
// level's calibrated dispersion.
func (lr *LevelResult) setForecasts(res *Result, workers int) {
	H := res.Horizon
	lr.Keys = make([]*KeyResult, len(lr.keys))
	parallelN(len(lr.keys), workers, func(ki int) {
		mean := make([]float64, H)
		for _, mb := range lr.members[ki] {
			for h, v := range res.Series[mb.i].Mean {
				mean[h] += mb.w * v
			}
		}
		kr := &KeyResult{Key: lr.keys[ki], Model: lr.models[ki], Mean: mean, Q: make([][5]float64, H),
			Phi80: make([]float64, H), Phi95: make([]float64, H), Size: lr.sizes[ki]}
		var walk bandWalker
		for h, mu := range mean {
			if kr.Size > 0 {
				p80, p95 := lr.dispH.at(h)
				kr.Q[h] = distQuantiles(mu, p80, p95, kr.Size)
				kr.Phi80[h], kr.Phi95[h] = p80, p95
				continue
			}
			p80, p95 := lr.disp.at(h)
			if lr.scales != nil {
				p80, p95 = p80*lr.scales[ki], p95*lr.scales[ki]
			}
			kr.Q[h] = walk.quantiles(mu, p80, p95)
			kr.Phi80[h], kr.Phi95[h] = p80, p95
		}
		lr.Keys[ki] = kr
	})
}

// addScaled adds w x[j] to dst[j] for every j of x (dst at least as long).
// A weight of 1 (every member of a category, sector or the total) adds
// x[j] itself: 1 x[j] is x[j] exactly, so the sums are the same to the
// bit, without the multiplications. The aggregate levels' backtests sum
// every SKU's rows this way.
func addScaled(dst, x []float64, w float64) {
	dst = dst[:len(x)]
	if w == 1 {
		for j, v := range x {
			dst[j] += v
		}
		return
	}
	for j, v := range x {
		dst[j] += w * v
	}
}

// modelBacktests returns r's backtest forecasts of each model in names.
func modelBacktests(r *SeriesResult, names []string) [][][]float64 {
	out := make([][][]float64, len(names))
	for m, n := range names {
		out[m] = r.Backtest[n]
	}
	return out
}

// addPoints adds every backtest point of bt ([origin][h], origins bos)
// against actual to sc, one Score per horizonBuckets entry, as Score.Add
// would point by point in the same order (so the sums are the same to the
// bit), but with the running sums held in locals: the per-model scores of
// every key are the bulk of a level's backtest.
func addPoints(bt [][]float64, actual []float64, bos []int, H int, scale float64, sc []Score) {
	weeks := len(actual)
	for bi, b := range horizonBuckets {
		var absErr, sumErr, sqErr, act, scaled float64
		var n, nScaled int
		for oi, o := range bos {
			for h := max(b.Lo-1, 0); h < H && h < b.Hi; h++ {
				if o+h >= weeks {
					break
				}
				a := actual[o+h]
				e := bt[oi][h] - a
				absErr += math.Abs(e)
				sumErr += e
				sqErr += e * e
				act += a
				n++
				if scale > 0 {
					scaled += math.Abs(e) / scale
					nScaled++
				}
			}
		}
		s := &sc[bi]
		s.AbsErr += absErr
		s.Err += sumErr
		s.SqErr += sqErr
		s.Actual += act
		s.N += n
		s.Scaled += scaled
		s.NScaled += nScaled
	}
}

// keyScales sets each key's error scale kb.w from its negative-binomial
// backtest points (hurdle points apart) and returns the scales in key
// order. The reference dispersion of a point is its horizon bucket's
// (calibBuckets) method-of-moments phi over every key.
func keyScales(kbs []keyBT, bos []int, H, weeks, workers int) []float64 {
	buckets := calibBuckets(H)
	bucketOf := make([]int, H)
	for b, r := range buckets {
		for h := r[0]; h < r[1]; h++ {
			bucketOf[h] = b
		}
	}
	nbPoint := func(kb *keyBT, oi, h int) bool {
		return bos[oi]+h < weeks && (kb.size == nil || kb.size[oi] == 0)
	}
	// each bucket's points in key, origin, horizon order (the order of
	// momentPhi's sums), the buckets in parallel
	phi0 := make([]float64, len(buckets))
	parallelN(len(buckets), workers, func(b int) {
		var pts []calibPoint
		for ki := range kbs {
			kb := &kbs[ki]
			for oi, o := range bos {
				for h := buckets[b][0]; h < buckets[b][1]; h++ {
					if nbPoint(kb, oi, h) {
						pts = append(pts, calibPoint{mu: kb.sel[oi][h], a: kb.actual[o+h]})
					}
				}
			}
		}
		phi0[b] = momentPhi(pts)
	})
	pts := make([][]scaledPoint, len(kbs))
	parallelN(len(kbs), workers, func(ki int) {
		kb := &kbs[ki]
		for oi, o := range bos {
			for h := range H {
				if nbPoint(kb, oi, h) {
					pts[ki] = append(pts[ki], scaledPoint{kb.sel[oi][h], kb.actual[o+h], phi0[bucketOf[h]]})
				}
			}
		}
	})
	w := seriesScales(pts, workers)
	for ki := range kbs {
		kbs[ki].w = w[ki]
	}
	return w
}
