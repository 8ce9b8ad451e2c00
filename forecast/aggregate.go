package forecast

import (
	"math"
	"strconv"
)

// ADIDA is the aggregate-disaggregate intermittent demand approach (Nikolopoulos
// et al. 2011) as in statsforecast: the series is summed over non-overlapping
// buckets of k periods, k the mean interval between demands rounded to the
// nearest integer (half to even), counted from the end (the oldest
// remainder is dropped); SES with alpha in [0.1, 0.3] (least in-sample
// squared error) forecasts the next bucket, and the forecast per period is
// that divided by k.
type ADIDA struct{}

// Name implements Model.
func (ADIDA) Name() string { return ModelADIDA }

// IMAPA is the intermittent multiple aggregation prediction algorithm
// (Petropoulos and Kourentzes 2015) as in statsforecast: the mean of the
// ADIDA forecasts with bucket sizes 1 to k.
type IMAPA struct{}

// Name implements Model.
func (IMAPA) Name() string { return ModelIMAPA }

// meanInterval is the mean number of periods between demands, the first
// counted from the start of y (statsforecast's _intervals); 0 without demand.
func meanInterval(y []float64) float64 {
	last, sum, n := -1, 0, 0
	for i, v := range y {
		if v != 0 {
			sum += i - last
			last = i
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// aggregateForecast is the SES forecast of y summed over buckets of k
// periods (from the end), per period. alpha is fitted once per series and
// bucket size when in.Cache is set (later origins reuse the first's, as
// Croston's).
func aggregateForecast(in *Input, model string, k int) float64 {
	y := in.Y
	k = max(1, k)
	nb := len(y) / k
	if nb == 0 {
		return 0
	}
	sums := make([]float64, nb)
	off := len(y) % k
	for b := range nb {
		for _, v := range y[off+b*k : off+(b+1)*k] {
			sums[b] += v
		}
	}
	if nb == 1 {
		return sums[0] / float64(k)
	}
	key := model + "/" + strconv.Itoa(k)
	var a float64
	if p, ok := in.Cache.get(key); ok {
		a = p[0]
	} else {
		a = golden(func(a, cutoff float64) float64 { return sesSSE(sums, a, cutoff) }, 0.1, 0.3, 12)
		in.Cache.put(key, []float64{a})
	}
	l, _ := sesRun(sums, a)
	return l / float64(k)
}

// aggregationLevel is ADIDA's bucket size for y: the mean interval between
// demands rounded half to even (0 without demand). With 1 (demand in most
// periods) ADIDA and IMAPA are SES with alpha in [0.1, 0.3]: the engine
// then leaves them out (ses is a candidate already).
func aggregationLevel(y []float64, model string) (int, error) {
	mi := meanInterval(y)
	if mi == 0 {
		return 0, nil
	}
	k := max(1, int(math.RoundToEven(mi)))
	if k == 1 {
		return 0, errNeeds(model, "intermittent demand (a mean interval between demands of 1.5 periods or more)")
	}
	return k, nil
}

func (ADIDA) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	k, err := aggregationLevel(in.Y, ModelADIDA)
	if err != nil || k == 0 {
		return f, err
	}
	v := aggregateForecast(in, ModelADIDA, k)
	for i := range f {
		f[i] = v
	}
	return f, nil
}

func (IMAPA) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	k, err := aggregationLevel(in.Y, ModelIMAPA)
	if err != nil || k == 0 {
		return f, err
	}
	v := 0.0
	for j := 1; j <= k; j++ {
		v += aggregateForecast(in, ModelIMAPA, j)
	}
	v /= float64(k)
	for i := range f {
		f[i] = v
	}
	return f, nil
}
