package demo

import (
	"math"
	"math/rand/v2"
)

// splitmix64 scrambles a 64-bit value; used to derive independent RNG streams.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Stream identifiers, so every part of the generator has its own RNG stream.
const (
	streamParams uint64 = iota + 1
	streamTask
	streamEvents
	streamFinancial
	streamProducts
)

// newRNG returns the PCG stream for (seed, stream, a, b).
func newRNG(seed int64, stream uint64, a, b int) *rand.Rand {
	s1 := splitmix64(uint64(seed) ^ splitmix64(stream))
	s2 := splitmix64(s1 ^ splitmix64(uint64(a)<<32|uint64(uint32(b))))
	return rand.New(rand.NewPCG(s1, s2))
}

// poisson draws from Poisson(lambda): sequential inversion for small lambda,
// Hormann's PTRS transformed rejection for large lambda.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 12 {
		u := r.Float64()
		p := math.Exp(-lambda)
		s := p
		k := 0
		for u > s {
			k++
			p *= lambda / float64(k)
			s += p
			if p < 1e-300 && s < u { // numerical tail: stop
				break
			}
		}
		return k
	}
	slam := math.Sqrt(lambda)
	loglam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int(k)
		}
	}
}

// pick draws an index from a cumulative distribution (last element 1).
func pick(r *rand.Rand, cum []float64) int {
	u := r.Float64()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// cumulative returns the running sums of p normalised to end at exactly 1.
func cumulative(p []float64) []float64 {
	c := make([]float64, len(p))
	s := 0.0
	for _, v := range p {
		s += v
	}
	acc := 0.0
	for i, v := range p {
		acc += v / s
		c[i] = acc
	}
	c[len(c)-1] = 1
	return c
}

// lognormal draws exp(log(median) + sigma*N(0,1)).
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// uniform draws from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// normCDF is the standard normal CDF.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// round rounds v to d decimals.
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}
