package forecast

import (
	"fmt"
	"math"
	"slices"
)

// The spike rule. A value is a one-off spike when it is above both
//
//	G   = med+ + z x s+                          (the whole history)
//	L_t = max(m_t, med+) + z x max(s_t, s+)      (its neighbourhood)
//
// where med+ is the median of the history's non-zero values, s+ = max(1.4826
// x their median absolute deviation, sqrt(med+)) (a count's Poisson spread
// is the floor), m_t and s_t are the median and 1.4826 x MAD of the values
// within k periods either side of t (t excluded; k = 13 for weekly, 6 for
// monthly data; only values before the forecast origin), and z is
// Options.SpikeZ (default 6). A spike is replaced, in the history the models
// see, by m_t (or med+ when m_t is 0, so that an intermittent series keeps
// its demand event at a usual size): every model family fits on, and starts
// its forecast from, the cleaned history. The raw data are kept: backtest
// scores, MASE scales and intervals compare with the values as recorded.
// Only one-offs are replaced: a value in a run of three or more above G
// (a new level, a peak season) or matched, half its size or more, one
// season earlier or later is kept. Only the target is cleaned; shipments are left as they are (a sales peak
// is real exposure).

// despike returns y with its spikes replaced (see the spike rule), a copy
// when any is found, y itself otherwise.
func despike(y []float64, period int, z float64) []float64 {
	n := len(y)
	if n < 8 || z <= 0 {
		return y
	}
	nz := make([]float64, 0, n)
	for _, v := range y {
		if v > 0 {
			nz = append(nz, v)
		}
	}
	if len(nz) < 3 {
		return y
	}
	med, mad := medianMAD(nz)
	floor := math.Max(1.4826*mad, math.Sqrt(med))
	gate := med + z*floor
	k := 6
	if period > 12 {
		k = 13
	}
	var out []float64
	win := make([]float64, 0, 2*k)
	for t, v := range y {
		if !(v > gate) || !oneOff(y, t, gate, period) {
			continue
		}
		win = win[:0]
		for j := max(0, t-k); j < min(n, t+k+1); j++ {
			if j != t {
				win = append(win, y[j])
			}
		}
		m, s := medianMAD(win)
		if v <= math.Max(m, med)+z*math.Max(1.4826*s, floor) {
			continue
		}
		if out == nil {
			out = append([]float64(nil), y...)
		}
		if m > 0 {
			out[t] = m
		} else {
			out[t] = med
		}
	}
	if out == nil {
		return y
	}
	return out
}

// oneOff reports whether y[t] (above gate) is a one-off: not in a run of
// three or more values above gate (a new level or a peak season) and not
// matched, half its size or more, one season earlier or later.
func oneOff(y []float64, t int, gate float64, period int) bool {
	run := 1
	for j := t - 1; j >= 0 && y[j] > gate && run < 3; j-- {
		run++
	}
	for j := t + 1; j < len(y) && y[j] > gate && run < 3; j++ {
		run++
	}
	if run >= 3 {
		return false
	}
	if period > 1 {
		for _, j := range []int{t - period, t + period} {
			if j >= 0 && j < len(y) && y[j] >= y[t]/2 {
				return false
			}
		}
	}
	return true
}

// medianMAD returns the median of v and the median absolute deviation from
// it; v is reordered.
func medianMAD(v []float64) (med, mad float64) {
	if len(v) == 0 {
		return 0, 0
	}
	med = median(v)
	dev := make([]float64, len(v))
	for i, x := range v {
		dev[i] = math.Abs(x - med)
	}
	return med, median(dev)
}

// median returns the median of v, reordering v. The middle order
// statistics are found by selection (selectKth), not a full sort: the same
// values, so the same median to the bit, in a third of the time (the spike
// rule takes two medians per series and origin, and more around each value
// over its gate). v holding a NaN or a negative zero (whose place among
// equal values depends on the algorithm) is sorted as before, slices.Sort
// ordering float64s as sort.Float64s does (NaNs first).
func median(v []float64) float64 {
	n := len(v)
	for _, x := range v {
		if x != x || (x == 0 && math.Signbit(x)) {
			slices.Sort(v)
			if n%2 == 1 {
				return v[n/2]
			}
			return (v[n/2-1] + v[n/2]) / 2
		}
	}
	k := n / 2
	selectKth(v, k)
	if n%2 == 1 {
		return v[k]
	}
	lo := v[0] // the largest of v[:k], all at or below v[k]
	for _, x := range v[1:k] {
		if x > lo {
			lo = x
		}
	}
	return (lo + v[k]) / 2
}

// selectKth reorders v (no NaN) so that v[k] is its k-th smallest value
// (from 0), with v[:k] at or below it and v[k+1:] at or above it: Hoare's
// quickselect with median-of-three pivots, insertion sort under 16 values.
func selectKth(v []float64, k int) {
	lo, hi := 0, len(v)-1
	for hi-lo >= 16 {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // v[j+1:i] all equal p
		}
	}
	for a := lo + 1; a <= hi; a++ {
		for b := a; b > lo && v[b] < v[b-1]; b-- {
			v[b], v[b-1] = v[b-1], v[b]
		}
	}
}

// allZero reports whether every value of x is 0.
func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// errNeeds is the error of a model that needs an input the series lacks.
func errNeeds(model, what string) error {
	return fmt.Errorf("%w: %s needs %s", ErrNotApplicable, model, what)
}
