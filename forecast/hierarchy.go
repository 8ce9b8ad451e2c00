package forecast

import "sort"

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
	// behind the 80 % and 95 % bands.
	Phi80, Phi95 []float64
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

// reconcile builds every level bottom-up from the SKU results, scores the
// backtest per key and model, calibrates the intervals per level and horizon.
func reconcile(ds *Dataset, res *Result, opts Options) []*LevelResult {
	levels := []string{LevelSKU, LevelCategory, LevelSector, LevelSite, LevelTotal}
	hasSites := false
	for _, s := range ds.Series {
		if len(s.Sites) > 0 {
			hasSites = true
			break
		}
	}
	bos := res.BacktestOrigins
	H := res.Horizon
	sel := make([][][]float64, len(res.Series))
	for i, r := range res.Series {
		sel[i] = r.selectedBacktest()
	}
	var out []*LevelResult
	for _, level := range levels {
		if level == LevelSite && !hasSites {
			continue
		}
		if level == LevelSector && ds.Series[0].Sector == "" {
			continue
		}
		members := levelMembers(ds, level)
		keys := make([]string, 0, len(members))
		for k := range members {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		lr := &LevelResult{Level: level}
		byH := make([][]calibPoint, H)
		type keyBT struct {
			key    string
			actual []float64
			scale  float64
			sel    [][]float64
			model  string
			mean   []float64
			models map[string][][]float64
		}
		kbs := make([]keyBT, 0, len(keys))
		for _, k := range keys {
			ms := members[k]
			actual := make([]float64, ds.Weeks)
			if level == LevelSite && ds.SiteY[k] != nil {
				copy(actual, ds.SiteY[k])
			} else {
				for _, mb := range ms {
					for t, v := range ds.Series[mb.i].Y {
						actual[t] += mb.w * v
					}
				}
			}
			kb := keyBT{key: k, actual: actual, models: map[string][][]float64{}, mean: make([]float64, H)}
			first := firstActive(actual, nil, bos[0])
			kb.scale = naiveScale(actual[first:bos[0]])
			sum := func(get func(r *SeriesResult, i int) [][]float64) [][]float64 {
				agg := make([][]float64, len(bos))
				for oi := range agg {
					agg[oi] = make([]float64, H)
				}
				for _, mb := range ms {
					bt := get(res.Series[mb.i], mb.i)
					for oi := range agg {
						for h := range agg[oi] {
							agg[oi][h] += mb.w * bt[oi][h]
						}
					}
				}
				return agg
			}
			kb.sel = sum(func(_ *SeriesResult, i int) [][]float64 { return sel[i] })
			for _, name := range res.Models {
				kb.models[name] = sum(func(r *SeriesResult, _ int) [][]float64 { return r.Backtest[name] })
			}
			for _, mb := range ms {
				for h, v := range res.Series[mb.i].Mean {
					kb.mean[h] += mb.w * v
				}
			}
			kb.model = ModelBottomUp
			if level == LevelSKU {
				kb.model = res.Series[ms[0].i].Model
			}
			for oi, o := range bos {
				for h := range H {
					if o+h < ds.Weeks {
						byH[h] = append(byH[h], calibPoint{kb.sel[oi][h], actual[o+h]})
					}
				}
			}
			kbs = append(kbs, kb)
		}
		lr.disp = calibrate(byH)
		agg := map[string]map[string]*Score{} // model -> bucket -> score
		addAgg := func(model, bucket string, s Score) {
			if agg[model] == nil {
				agg[model] = map[string]*Score{}
			}
			if agg[model][bucket] == nil {
				agg[model][bucket] = &Score{}
			}
			agg[model][bucket].Merge(s)
		}
		for _, kb := range kbs {
			kr := &KeyResult{Key: kb.key, Model: kb.model, Mean: kb.mean, Q: make([][5]float64, H),
				Phi80: make([]float64, H), Phi95: make([]float64, H)}
			for h, mu := range kb.mean {
				p80, p95 := lr.disp.at(h)
				kr.Q[h] = nbQuantiles(mu, p80, p95)
				kr.Phi80[h], kr.Phi95[h] = p80, p95
			}
			lr.Keys = append(lr.Keys, kr)
			score := func(bt [][]float64, withInt bool) []Score {
				sc := make([]Score, len(horizonBuckets))
				for oi, o := range bos {
					for h := range H {
						if o+h >= ds.Weeks {
							continue
						}
						a := kb.actual[o+h]
						var q [5]float64
						var c80, c95 float64
						if withInt {
							p80, p95 := lr.disp.at(h)
							q = nbQuantiles(bt[oi][h], p80, p95)
							c80, c95 = pitCover(bt[oi][h], p80, a, 0.1), pitCover(bt[oi][h], p95, a, 0.025)
						}
						for bi, b := range horizonBuckets {
							if h+1 >= b.Lo && h+1 <= b.Hi {
								sc[bi].Add(bt[oi][h], a, kb.scale)
								if withInt {
									sc[bi].AddInterval(a, q, c80, c95)
								}
							}
						}
					}
				}
				return sc
			}
			emit := func(model string, sc []Score, selected, toAgg bool) {
				for bi, b := range horizonBuckets {
					if sc[bi].N == 0 {
						continue
					}
					lr.Accuracy = append(lr.Accuracy, AccuracyRow{level, kb.key, model, b.Name, sc[bi], selected})
					if toAgg {
						addAgg(model, b.Name, sc[bi])
					}
				}
			}
			// the forecast actually used: aggregated as "engine" at SKU level
			selSc := score(kb.sel, true)
			isCandidate := false
			for _, name := range res.Models {
				isCandidate = isCandidate || name == kb.model
			}
			if !isCandidate {
				emit(kb.model, selSc, true, level != LevelSKU)
			}
			if level == LevelSKU {
				for bi, b := range horizonBuckets {
					if selSc[bi].N > 0 {
						addAgg("engine", b.Name, selSc[bi])
					}
				}
			}
			for _, name := range res.Models {
				if name == kb.model {
					emit(name, selSc, true, true)
					continue
				}
				emit(name, score(kb.models[name], false), false, true)
			}
		}
		models := make([]string, 0, len(agg))
		for m := range agg {
			models = append(models, m)
		}
		sort.Strings(models)
		for _, m := range models {
			for _, b := range horizonBuckets {
				if s := agg[m][b.Name]; s != nil && s.N > 0 {
					selected := m == ModelBottomUp || m == "engine"
					lr.Accuracy = append(lr.Accuracy, AccuracyRow{level, "*", m, b.Name, *s, selected})
				}
			}
		}
		out = append(out, lr)
	}
	return out
}
