package forecast

import "math"

// ReasonForecast is one reason_forecasts row: the share of a key's returns
// expected for a reason in week H after the origin, and the units it implies.
type ReasonForecast struct {
	Level, Key, Reason string
	H                  int // 1-based
	Share, Units       float64
}

// weightedCounts returns exponentially weighted reason counts over [0, o):
// sum_t w_t y[t] with weight 1 on week o-1, each earlier week's weight the
// next one's times the decay, down to 1e-4. The reasons share the weights,
// so they are summed side by side (independent sums, in the same order).
func weightedCounts(rs [][]float64, o int, halfLife float64) []float64 {
	c, _ := weightedCounts2(rs, o, halfLife, halfLife)
	return c
}

// weightedCounts2 returns weightedCounts(rs, o, h1) and weightedCounts(rs,
// o, h2) from one pass over the weeks: each week's counts are read once
// for both sums, each sum taking the terms its own loop would, in the same
// order.
func weightedCounts2(rs [][]float64, o int, h1, h2 float64) (c1, c2 []float64) {
	c1, c2 = make([]float64, len(rs)), make([]float64, len(rs))
	d1, d2 := math.Pow(0.5, 1/h1), math.Pow(0.5, 1/h2)
	w1, w2 := 1.0, 1.0
	for t := o - 1; t >= 0; t-- {
		on1, on2 := w1 > 1e-4, w2 > 1e-4
		switch {
		case on1 && on2:
			for r, y := range rs {
				v := y[t]
				c1[r] += w1 * v
				c2[r] += w2 * v
			}
			w1 *= d1
			w2 *= d2
		case on1:
			for r, y := range rs {
				c1[r] += w1 * y[t]
			}
			w1 *= d1
		case on2:
			for r, y := range rs {
				c2[r] += w2 * y[t]
			}
			w2 *= d2
		default:
			return c1, c2
		}
	}
	return c1, c2
}

// reasonShares returns each SKU's reason shares at origin o: its recent
// (exponentially weighted) reason counts plus opts.ReasonPrior units spread
// as the category's mix (weighted with a 26-week half-life).
func reasonShares(ds *Dataset, o int, opts Options) [][]float64 {
	R := len(ds.Reasons)
	cat := map[string][]float64{}
	counts := make([][]float64, len(ds.Series))
	longs := make([][]float64, len(ds.Series))
	parallelN(len(ds.Series), opts.Workers, func(i int) {
		if rs := ds.Series[i].Reasons; rs != nil {
			counts[i], longs[i] = weightedCounts2(rs, o, opts.ReasonHalfLife, 26)
		}
	})
	for i, s := range ds.Series {
		if s.Reasons == nil {
			continue
		}
		long := longs[i]
		if cat[s.Category] == nil {
			cat[s.Category] = make([]float64, R)
		}
		for r := range long {
			cat[s.Category][r] += long[r]
		}
	}
	for _, c := range cat {
		normalize(c)
	}
	shares := make([][]float64, len(ds.Series))
	for i, s := range ds.Series {
		if counts[i] == nil {
			continue
		}
		prior := cat[s.Category]
		sh := make([]float64, R)
		tot := 0.0
		for r := range sh {
			sh[r] = counts[i][r] + opts.ReasonPrior*prior[r]
			tot += sh[r]
		}
		if tot <= 0 {
			for r := range sh {
				sh[r] = 1 / float64(R)
			}
		} else {
			for r := range sh {
				sh[r] /= tot
			}
		}
		shares[i] = sh
	}
	return shares
}

// reasonForecasts splits each SKU forecast by its reason shares (units sum to
// the SKU forecast) and sums SKUs to categories. Rows are laid out SKU by
// SKU, then category by category (in order of first appearance).
func reasonForecasts(ds *Dataset, res *Result, opts Options) []ReasonForecast {
	R := len(ds.Reasons)
	if R == 0 {
		return nil
	}
	shares := reasonShares(ds, res.Origin, opts)
	H := res.Horizon
	// offsets of each SKU's block of H x R rows
	off := make([]int, len(res.Series))
	n := 0
	var cats []string
	catIdx := map[string]int{}
	for i, r := range res.Series {
		off[i] = n
		if shares[i] == nil {
			continue
		}
		n += len(r.Mean) * R
		if _, ok := catIdx[r.Series.Category]; !ok && len(r.Mean) > 0 {
			catIdx[r.Series.Category] = len(cats)
			cats = append(cats, r.Series.Category)
		}
	}
	out := make([]ReasonForecast, n, n+len(cats)*H*R)
	parallelN(len(res.Series), opts.Workers, func(i int) {
		sh := shares[i]
		if sh == nil {
			return
		}
		r := res.Series[i]
		k := off[i]
		for h, mu := range r.Mean {
			for ri, p := range sh {
				out[k] = ReasonForecast{LevelSKU, r.Series.Key, ds.Reasons[ri], h + 1, p, mu * p}
				k++
			}
		}
	})
	// category units: sums over the SKUs in their order
	catUnits := make([][]float64, len(cats)) // [cat][h*R+ri]
	for c := range catUnits {
		catUnits[c] = make([]float64, H*R)
	}
	for i, r := range res.Series {
		sh := shares[i]
		if sh == nil {
			continue
		}
		u := catUnits[catIdx[r.Series.Category]]
		for h, mu := range r.Mean {
			for ri, p := range sh {
				u[h*R+ri] += mu * p
			}
		}
	}
	for c, cat := range cats {
		for h := range H {
			u := catUnits[c][h*R : (h+1)*R]
			tot := 0.0
			for _, v := range u {
				tot += v
			}
			for ri, v := range u {
				share := 0.0
				if tot > 0 {
					share = v / tot
				}
				out = append(out, ReasonForecast{LevelCategory, cat, ds.Reasons[ri], h + 1, share, v})
			}
		}
	}
	return out
}
