package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedMedian is the median by a full sort, the definition median must
// match to the bit.
func sortedMedian(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// TestMedianSelection checks median (selection) against the sorted median,
// bit for bit, on counts with many ties, on continuous values and on inputs
// with NaN, negative zero and infinities; and selectKth's partition.
func TestMedianSelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := []struct {
		name string
		gen  func(n int) []float64
	}{
		{"counts", func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(rng.IntN(5))
			}
			return v
		}},
		{"continuous", func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = rng.NormFloat64() * 100
			}
			return v
		}},
		{"sorted", func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(i / 3)
			}
			return v
		}},
		{"reversed", func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(n - i)
			}
			return v
		}},
		{"special", func(n int) []float64 {
			v := make([]float64, n)
			specials := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), 1}
			for i := range v {
				v[i] = specials[rng.IntN(len(specials))]
			}
			return v
		}},
	}
	for _, g := range gens {
		for n := 1; n <= 300; n++ {
			v := g.gen(n)
			want := sortedMedian(v)
			got := median(slices.Clone(v))
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("%s n=%d: median %v, sorted median %v (input %v)", g.name, n, got, want, v)
			}
			if g.name == "special" {
				continue
			}
			k := rng.IntN(n)
			w := slices.Clone(v)
			selectKth(w, k)
			s := slices.Clone(v)
			slices.Sort(s)
			if w[k] != s[k] {
				t.Fatalf("%s n=%d: selectKth(%d) = %v, want %v", g.name, n, k, w[k], s[k])
			}
			for i, x := range w {
				if (i < k && x > w[k]) || (i > k && x < w[k]) {
					t.Fatalf("%s n=%d k=%d: w[%d] = %v on the wrong side of %v", g.name, n, k, i, x, w[k])
				}
			}
		}
	}
}

// BenchmarkMedian times median (selection) against the full sort on a
// weekly series' worth of counts.
func BenchmarkMedian(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 150)
	for i := range v {
		v[i] = float64(rng.IntN(40))
	}
	w := make([]float64, len(v))
	for _, m := range []struct {
		name string
		f    func([]float64) float64
	}{{"select", median}, {"sort", func(w []float64) float64 {
		slices.Sort(w)
		return (w[len(w)/2-1] + w[len(w)/2]) / 2
	}}} {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				copy(w, v)
				m.f(w)
			}
		})
	}
}
