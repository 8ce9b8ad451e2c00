package forecast

import "math"

// DefaultReturnWindowWeeks is the return window used when a category has no
// order-linked returns: 30 days after delivery, in whole ISO weeks counted
// from the ship week.
const DefaultReturnWindowWeeks = 5

// returnWindowQuantile is the share of a category's returns that arrive
// within its return window.
const returnWindowQuantile = 0.95

// Exposure is one SKU's open exposure over the history [0, Origin): the units
// shipped that can still come back (forecast_exposure).
type Exposure struct {
	Series *Series
	// WindowWeeks is the return window: a unit shipped in week s is open in
	// weeks s .. s+WindowWeeks (the 95th percentile of the category's
	// ship-to-receipt lag, DefaultReturnWindowWeeks without linked returns).
	WindowWeeks int
	// First is the first week with shipments; Open and Pending start there.
	First int
	// Open[t-First] is the units shipped in weeks t-WindowWeeks .. t.
	Open []float64
	// Pending[t-First] is the returns still expected at the end of week t from
	// the units shipped up to t: sum_s shipped(s) x p x P(lag > t-s), with p
	// the SKU's current return probability (as in the order-linked model);
	// nil when the category has no lag distribution.
	Pending []float64
}

// returnWindow is the smallest k with P(lag <= k) >= q (len(pmf)-1 at most).
func returnWindow(pmf []float64, q float64) int {
	c := 0.0
	for k, p := range pmf {
		c += p
		if c >= q-1e-12 {
			return k
		}
	}
	return max(len(pmf)-1, 0)
}

// openExposure computes every shipping SKU's open exposure up to origin o
// with the pools of that origin.
func openExposure(ds *Dataset, o int, pools map[string]*Pool) []Exposure {
	var out []Exposure
	for _, s := range ds.Series {
		if s.X == nil {
			continue
		}
		first := firstActive(s.X, nil, o)
		if first >= o {
			continue
		}
		e := Exposure{Series: s, WindowWeeks: DefaultReturnWindowWeeks, First: first}
		pool := pools[s.Category]
		var pmf []float64
		if pool != nil && len(pool.LagPMF) > 0 {
			pmf = pool.LagPMF
			e.WindowWeeks = returnWindow(pmf, returnWindowQuantile)
		}
		x := s.X[:o]
		e.Open = make([]float64, o-first)
		run := 0.0
		for t := first; t < o; t++ {
			run += x[t]
			if old := t - e.WindowWeeks - 1; old >= 0 {
				run -= x[old]
			}
			e.Open[t-first] = math.Max(run, 0) // running sums may drift below 0 by rounding
		}
		if pmf != nil {
			r, ex := returnStats(s.Y[first:o], x[first:], pmf, 26)
			p := shrinkProb(r, ex, pool)
			// tail[k] = P(lag > k)
			tail := make([]float64, len(pmf))
			c := 1.0
			for k, pk := range pmf {
				c -= pk
				tail[k] = math.Max(c, 0)
			}
			e.Pending = make([]float64, o-first)
			for t := first; t < o; t++ {
				v := 0.0
				for k := 0; k < len(tail) && t-k >= first; k++ {
					v += x[t-k] * tail[k]
				}
				e.Pending[t-first] = p * v
			}
		}
		out = append(out, e)
	}
	return out
}
