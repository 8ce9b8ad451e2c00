package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pairSeries is 200 weekly series (140 weeks, yearly season, noise).
func pairSeries() [][]float64 {
	r := rand.New(rand.NewPCG(1, 2))
	var out [][]float64
	for range 200 {
		y := make([]float64, 140)
		lv := 5 + 30*r.Float64()
		for i := range y {
			y[i] = math.Floor(lv*(1+0.3*math.Sin(float64(i)*2*math.Pi/52)) + 5*r.NormFloat64())
			if y[i] < 0 {
				y[i] = 0
			}
		}
		out = append(out, y)
	}
	return out
}

// benchFits fits the damped trend and Holt-Winters from cold starts on
// pairSeries, with the Nelder-Mead pair objective or without (the fits are
// the same: see TestSSEMatchesRecursions). go test -bench Fits -count 4.
func benchFits(b *testing.B, paired bool) {
	ys := pairSeries()
	for b.Loop() {
		for _, y := range ys {
			in := &Input{Y: y, Period: 52, Cache: NewParamCache()}
			var two func(p, q []float64, c float64) (float64, float64)
			if paired {
				two = func(p, q []float64, c float64) (float64, float64) { return dampedSSE2(y, p, q, c) }
			}
			fitBounded(in, ModelDamped, dampedBounds, func(p []float64, c float64) float64 {
				return dampedSSE(y, p[0], p[1], p[2], c)
			}, two)
			l0, t0, s0 := hwInit(y, 52)
			buf, buf2 := make([]float64, 52), make([]float64, 52)
			var two2 func(p, q []float64, c float64) (float64, float64)
			if paired {
				two2 = func(p, q []float64, c float64) (float64, float64) {
					copy(buf, s0)
					copy(buf2, s0)
					return hwSSE2(y, 52, p, q, l0, t0, buf, buf2, c)
				}
			}
			fitBounded(in, ModelHoltWinters, hwBounds, func(p []float64, c float64) float64 {
				copy(buf, s0)
				return hwSSE(y, 52, p[0], p[1], p[2], l0, t0, buf, c)
			}, two2)
		}
	}
}

func BenchmarkFitsSingle(b *testing.B) { benchFits(b, false) }
func BenchmarkFitsPaired(b *testing.B) { benchFits(b, true) }
