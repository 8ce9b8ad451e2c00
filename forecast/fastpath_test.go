package forecast

// Fast paths (early-stopping and paired objectives, split sums) must give
// the very numbers of the plain computations they replace.

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The fits' objective functions (sesSSE, dampedSSE, dampedSSE2, hwSSE, hwSSE2,
// dotmSSE) must return the
// very number the model recursions give (a fit must not move), and a partial
// sum at least the cutoff when they stop early.
func TestSSEMatchesRecursions(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{4, 30, 157} {
		y := make([]float64, n)
		for i := range y {
			y[i] = math.Floor(20 + 10*math.Sin(float64(i)/4) + 8*r.Float64())
			if r.Float64() < 0.2 {
				y[i] = 0
			}
		}
		for range 20 {
			a, b, g, phi := 0.01+0.98*r.Float64(), 0.01+0.98*r.Float64(), 0.01+0.98*r.Float64(), 0.8+0.18*r.Float64()
			_, _, want := dampedRun(y, a, b, phi)
			if got := dampedSSE(y, a, b, phi, math.Inf(1)); got != want {
				t.Fatalf("n %d: dampedSSE %v, dampedRun %v", n, got, want)
			}
			if got := dampedSSE(y, a, b, phi, want/2); want > 0 && got < want/2 {
				t.Fatalf("n %d: dampedSSE stopped at %v below its cutoff %v", n, got, want/2)
			}
			_, wantS := sesRun(y, a)
			if got := sesSSE(y, a, math.Inf(1)); got != wantS {
				t.Fatalf("n %d: sesSSE %v, sesRun %v", n, got, wantS)
			}
			if got := sesSSE(y, a, wantS/2); wantS > 0 && got <= wantS/2 {
				t.Fatalf("n %d: sesSSE stopped at %v, not above its cutoff %v", n, got, wantS/2)
			}
			a2, b2, phi2 := 0.01+0.98*r.Float64(), 0.01+0.98*r.Float64(), 0.8+0.18*r.Float64()
			_, _, want2 := dampedRun(y, a2, b2, phi2)
			if g1, g2 := dampedSSE2(y, []float64{a, b, phi}, []float64{a2, b2, phi2}, math.Inf(1)); g1 != want || g2 != want2 {
				t.Fatalf("n %d: dampedSSE2 %v %v, dampedRun %v %v", n, g1, g2, want, want2)
			}
			th := 1 + 19*r.Float64()
			_, _, _, wantD, _ := dotmProfile(y, a, th)
			A, B := dotmTrend(y)
			if got := dotmSSE(y, a, th, A, B); got != wantD {
				t.Fatalf("n %d: dotmSSE %v, dotmProfile %v", n, got, wantD)
			}
			if m := 4; n >= 2*m+2 {
				l0, t0, s0 := hwInit(y, m)
				_, _, wantH, _ := hwRunFrom(y, m, a, b/2, g, l0, t0, append([]float64(nil), s0...))
				if got := hwSSE(y, m, a, b/2, g, l0, t0, append([]float64(nil), s0...), math.Inf(1)); got != wantH {
					t.Fatalf("n %d: hwSSE %v, hwRunFrom %v", n, got, wantH)
				}
				_, _, wantH2, _ := hwRunFrom(y, m, a2, b2/2, g/3, l0, t0, append([]float64(nil), s0...))
				g1, g2 := hwSSE2(y, m, []float64{a, b / 2, g}, []float64{a2, b2 / 2, g / 3}, l0, t0,
					append([]float64(nil), s0...), append([]float64(nil), s0...), math.Inf(1))
				if g1 != wantH || g2 != wantH2 {
					t.Fatalf("n %d: hwSSE2 %v %v, hwRunFrom %v %v", n, g1, g2, wantH, wantH2)
				}
				if got := hwSSE(y, m, a, b/2, g, l0, t0, append([]float64(nil), s0...), wantH/3); got < wantH/3 {
					t.Fatalf("n %d: hwSSE stopped at %v below its cutoff %v", n, got, wantH/3)
				}
			}
		}
	}
}

// exposure adds its terms in k order over history and future weeks: the
// same number as the plain loop over every lag.
func TestExposureMatchesPlainSum(t *testing.T) {
	plain := func(x, xf, pmf []float64, t int) float64 {
		e := 0.0
		for k, p := range pmf {
			switch s := t - k; {
			case s < 0:
			case s < len(x):
				e += p * x[s]
			case s-len(x) < len(xf):
				e += p * xf[s-len(x)]
			}
		}
		return e
	}
	r := rand.New(rand.NewPCG(3, 5))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Floor(10 * r.Float64())
		}
		return v
	}
	for _, c := range []struct{ nx, nf, k int }{{0, 0, 5}, {3, 0, 8}, {20, 6, 8}, {20, 13, 30}, {5, 2, 1}} {
		x, xf, pmf := fill(c.nx), fill(c.nf), fill(c.k)
		for tt := -2; tt < c.nx+c.nf+c.k+2; tt++ {
			if got, want := exposure(x, xf, pmf, tt), plain(x, xf, pmf, tt); got != want {
				t.Fatalf("%+v t %d: exposure %v, plain sum %v", c, tt, got, want)
			}
		}
	}
}

// returnStats (exposures four weeks at a time) must give the numbers of the
// plain loop, one exposure per week, for shipments as long as the returns,
// longer or shorter, and any lag distribution length.
func TestReturnStatsMatchesPlainLoop(t *testing.T) {
	plain := func(y, x, pmf []float64, halfLife float64) (r, e float64) {
		w := 1.0
		decay := math.Pow(0.5, 1/halfLife)
		for t := len(y) - 1; t >= len(pmf) && t >= 0; t-- {
			r += w * y[t]
			e += w * exposure(x, nil, pmf, t)
			w *= decay
			if w < 1e-3 {
				break
			}
		}
		return r, e
	}
	rng := rand.New(rand.NewPCG(13, 17))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Floor(30 * rng.Float64())
		}
		return v
	}
	for _, c := range []struct{ ny, nx, k int }{{0, 0, 3}, {5, 5, 8}, {40, 40, 0}, {40, 40, 1}, {60, 60, 9}, {157, 157, 13}, {157, 170, 13}, {100, 80, 7}, {30, 30, 27}} {
		for _, hl := range []float64{2, 26} {
			y, x, pmf := fill(c.ny), fill(c.nx), make([]float64, c.k)
			for i := range pmf {
				pmf[i] = rng.Float64() / float64(c.k)
			}
			gr, ge := returnStats(y, x, pmf, hl)
			wr, we := plain(y, x, pmf, hl)
			if gr != wr || ge != we {
				t.Fatalf("%+v half-life %v: returnStats %v %v, plain loop %v %v", c, hl, gr, ge, wr, we)
			}
		}
	}
}

// weightedCounts2 (two half-lives in one pass) must give the numbers of
// the plain loop, one half-life at a time.
func TestWeightedCounts2MatchesPlainLoops(t *testing.T) {
	plain := func(rs [][]float64, o int, halfLife float64) []float64 {
		c := make([]float64, len(rs))
		decay := math.Pow(0.5, 1/halfLife)
		w := 1.0
		for t := o - 1; t >= 0 && w > 1e-4; t-- {
			for r, y := range rs {
				c[r] += w * y[t]
			}
			w *= decay
		}
		return c
	}
	rng := rand.New(rand.NewPCG(19, 23))
	rs := make([][]float64, 6)
	for r := range rs {
		rs[r] = make([]float64, 400)
		for i := range rs[r] {
			rs[r][i] = math.Floor(8 * rng.Float64() * rng.Float64())
		}
	}
	for _, o := range []int{0, 1, 50, 156, 400} {
		for _, h := range [][2]float64{{8, 26}, {26, 8}, {13, 13}, {1, 52}, {0, 26}, {-3, 5}} {
			c1, c2 := weightedCounts2(rs, o, h[0], h[1])
			w1, w2 := plain(rs, o, h[0]), plain(rs, o, h[1])
			for r := range rs {
				if c1[r] != w1[r] || c2[r] != w2[r] {
					t.Fatalf("o %d half-lives %v reason %d: %v %v, plain loops %v %v", o, h, r, c1[r], c2[r], w1[r], w2[r])
				}
			}
		}
	}
}
