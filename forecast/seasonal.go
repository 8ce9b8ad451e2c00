package forecast

import "math"

// seasonTest reports whether y has a significant seasonal autocorrelation at
// lag m, with the test of R's thetaf(): |r_m| > 1.645 x sqrt((1 + 2 sum_{k<m}
// r_k^2) / n) (90 % two-sided), for m > 1, n > 2m and a non-constant series.
func seasonTest(y []float64, m int) bool {
	n := len(y)
	if m <= 1 || n <= 2*m {
		return false
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	// deviations from the mean, once (the same values the products below
	// would compute per lag)
	d := make([]float64, n)
	var den float64
	for t, v := range y {
		d[t] = v - mean
		den += d[t] * d[t]
	}
	if den == 0 || math.IsInf(den, 0) || math.IsNaN(den) {
		return false
	}
	acf := func(k int) float64 {
		s := 0.0
		for t, v := range d[:n-k] {
			s += v * d[t+k]
		}
		return s / den
	}
	// The threshold only grows with the lags summed (non-negative terms),
	// so once it reaches |r_m| the answer is no: the lags left are skipped.
	// The decision is the full sum's, bit for bit (TestSeasonTestMatches).
	rm := math.Abs(acf(m))
	s2 := 0.0
	for k := 1; k < m; k++ {
		r := acf(k)
		s2 += r * r
		if 1.6448536269514722*math.Sqrt((1+2*s2)/float64(n)) >= rm {
			return false
		}
	}
	stat := math.Sqrt((1 + 2*s2) / float64(n))
	return rm > 1.6448536269514722*stat
}

// seasonal is a classical decomposition's seasonal figure: idx[j] applies
// to the periods t with t mod len(idx) == j, t counted from the first value
// of the decomposed history.
type seasonal struct {
	idx  []float64
	mult bool
}

// decompose returns the classical (moving-average) seasonal figure of y with
// period m, as R's decompose(): the centred moving average of order m
// (2 x m for even m) is the trend; the ratios (multiplicative, when every
// value is positive) or differences (additive otherwise) to it are averaged
// per season position and normalised to mean 1 (or 0). ok is false when the
// figure cannot be used (a multiplicative index under 1e-4).
func decompose(y []float64, m int) (seasonal, bool) {
	n := len(y)
	mult := true
	for _, v := range y {
		if v <= 0 {
			mult = false
			break
		}
	}
	sum := make([]float64, m)
	cnt := make([]float64, m)
	half := m / 2
	for t := half; t+half < n; t++ {
		var tr float64
		if m%2 == 0 {
			tr = (y[t-half] + y[t+half]) / 2
			for k := t - half + 1; k < t+half; k++ {
				tr += y[k]
			}
		} else {
			for k := t - half; k <= t+half; k++ {
				tr += y[k]
			}
		}
		tr /= float64(m)
		if mult {
			sum[t%m] += y[t] / tr
		} else {
			sum[t%m] += y[t] - tr
		}
		cnt[t%m]++
	}
	s := seasonal{idx: make([]float64, m), mult: mult}
	mean := 0.0
	for j := range m {
		if cnt[j] == 0 {
			return s, false
		}
		s.idx[j] = sum[j] / cnt[j]
		mean += s.idx[j] / float64(m)
	}
	for j := range m {
		if mult {
			s.idx[j] /= mean
			if math.Abs(s.idx[j]) < 1e-4 || math.IsNaN(s.idx[j]) {
				return s, false
			}
		} else {
			s.idx[j] -= mean
		}
	}
	return s, true
}

// adjust returns y with the season removed.
func (s seasonal) adjust(y []float64) []float64 {
	out := make([]float64, len(y))
	m := len(s.idx)
	for t, v := range y {
		if s.mult {
			out[t] = v / s.idx[t%m]
		} else {
			out[t] = v - s.idx[t%m]
		}
	}
	return out
}

// apply puts the season back on forecasts f of the periods n, n+1, ...
func (s seasonal) apply(f []float64, n int) {
	m := len(s.idx)
	for i := range f {
		if s.mult {
			f[i] *= s.idx[(n+i)%m]
		} else {
			f[i] += s.idx[(n+i)%m]
		}
	}
}

// deseason tests y for seasonality with period m and, when seasonal,
// returns the adjusted series and the figure (ok true); otherwise y itself.
func deseason(y []float64, m int) ([]float64, seasonal, bool) {
	if !seasonTest(y, m) {
		return y, seasonal{}, false
	}
	s, ok := decompose(y, m)
	if !ok {
		return y, seasonal{}, false
	}
	return s.adjust(y), s, true
}
