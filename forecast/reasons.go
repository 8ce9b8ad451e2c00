package forecast

import "math"

// ReasonForecast is one reason_forecasts row: the share of a key's returns
// expected for a reason in week H after the origin, and the units it implies.
type ReasonForecast struct {
	Level, Key, Reason string
	H                  int // 1-based
	Share, Units       float64
}

// weightedCounts returns exponentially weighted reason counts over [0, o).
func weightedCounts(rs [][]float64, o int, halfLife float64) []float64 {
	c := make([]float64, len(rs))
	decay := math.Pow(0.5, 1/halfLife)
	for r, y := range rs {
		w := 1.0
		for t := o - 1; t >= 0 && w > 1e-4; t-- {
			c[r] += w * y[t]
			w *= decay
		}
	}
	return c
}

// reasonShares returns each SKU's reason shares at origin o: its recent
// (exponentially weighted) reason counts plus opts.ReasonPrior units spread
// as the category's mix (weighted with a 26-week half-life).
func reasonShares(ds *Dataset, o int, opts Options) [][]float64 {
	R := len(ds.Reasons)
	cat := map[string][]float64{}
	counts := make([][]float64, len(ds.Series))
	for i, s := range ds.Series {
		if s.Reasons == nil {
			continue
		}
		counts[i] = weightedCounts(s.Reasons, o, opts.ReasonHalfLife)
		long := weightedCounts(s.Reasons, o, 26)
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
// the SKU forecast) and sums SKUs to categories.
func reasonForecasts(ds *Dataset, res *Result, opts Options) []ReasonForecast {
	if len(ds.Reasons) == 0 {
		return nil
	}
	shares := reasonShares(ds, res.Origin, opts)
	var out []ReasonForecast
	type ck struct {
		cat string
		h   int
	}
	catUnits := map[ck][]float64{}
	var cats []string
	for i, r := range res.Series {
		sh := shares[i]
		if sh == nil {
			continue
		}
		s := r.Series
		for h, mu := range r.Mean {
			k := ck{s.Category, h}
			if catUnits[k] == nil {
				catUnits[k] = make([]float64, len(sh))
				if h == 0 {
					cats = append(cats, s.Category)
				}
			}
			for ri, p := range sh {
				out = append(out, ReasonForecast{LevelSKU, s.Key, ds.Reasons[ri], h + 1, p, mu * p})
				catUnits[k][ri] += mu * p
			}
		}
	}
	for _, c := range cats {
		for h := range res.Horizon {
			u := catUnits[ck{c, h}]
			tot := 0.0
			for _, v := range u {
				tot += v
			}
			for ri, v := range u {
				share := 0.0
				if tot > 0 {
					share = v / tot
				}
				out = append(out, ReasonForecast{LevelCategory, c, ds.Reasons[ri], h + 1, share, v})
			}
		}
	}
	return out
}
