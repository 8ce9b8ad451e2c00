package forecast

import "math"

// nelderMead minimises obj from x0 with the Nelder-Mead simplex method
// (reflection 1, expansion 2, contraction 0.5, shrink 0.5), stopping after
// iters iterations or when the simplex values agree to a relative nmTol. The
// first simplex is x0 and x0 moved by step along each axis.
//
// obj(x, cutoff) may stop early and return any value >= cutoff once it knows
// its value is at least cutoff (a sum of squares whose partial sum has
// reached it): nelderMead passes the value a trial point must beat to be
// kept (the worst vertex for a reflection, the reflection for an expansion,
// the lower of both for a contraction), and +Inf where the value is stored
// (first simplex, shrink). A trial point that cannot beat its cutoff is never
// kept and takes the same branch whatever its exact value, so the search
// visits the same points as with full evaluations: the fit is unchanged, with
// fewer operations.
//
// With a pair objective (obj.two) the points that can be evaluated together
// are: the first simplex, the shrunk vertices, and the reflection with the
// inside contraction, computed beside it before it is known to be needed.
// The values are the same; two recursions interleaved in one loop take
// little more time than one (each is a chain of dependent operations).
//
// gonum's optimize.NelderMead is the natural choice, but the optimize package
// imports gonum/stat/distmv, which needs golang.org/x/tools, a module this
// repository's go.sum does not list; this 60-line version avoids the
// dependency and, unlike optimize.Minimize, allocates no goroutine per fit.
func nelderMead(obj nmObjective, x0 []float64, step float64, iters int) []float64 {
	n := len(x0)
	inf := math.Inf(1)
	pts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range pts {
		p := append([]float64(nil), x0...)
		if i > 0 {
			p[i-1] += step
		}
		pts[i] = p
	}
	obj.all(pts, vals, inf)
	idx := make([]int, n+1)
	cen := make([]float64, n)
	xr := make([]float64, n)
	xe := make([]float64, n)
	xc := make([]float64, n)
	shrunk, shrunkVals := make([][]float64, n), make([]float64, n)
	at := func(dst []float64, t float64, worst []float64) {
		for j := range dst {
			dst[j] = cen[j] + t*(worst[j]-cen[j])
		}
	}
	for range iters {
		for i := range idx {
			idx[i] = i
		}
		// insertion sort of the n+1 vertices by value (stable, no allocation)
		for i := 1; i < len(idx); i++ {
			for j := i; j > 0 && vals[idx[j]] < vals[idx[j-1]]; j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
		best, worst, second := idx[0], idx[n], idx[n-1]
		if math.Abs(vals[worst]-vals[best]) <= nmTol*(math.Abs(vals[best])+1e-12) {
			break
		}
		for j := range cen {
			cen[j] = 0
			for _, i := range idx[:n] {
				cen[j] += pts[i][j]
			}
			cen[j] /= float64(n)
		}
		at(xr, -1, pts[worst])
		// the inside contraction is what most late steps need: with a
		// pair objective it runs beside the reflection (same point, same
		// cutoff as below), nearly free
		var fr, fcIn float64
		spec := obj.two != nil
		if spec {
			at(xc, 0.5, pts[worst])
			fr, fcIn = obj.f2(xr, xc, vals[worst])
		} else {
			fr = obj.f(xr, vals[worst])
		}
		switch {
		case fr < vals[best]:
			at(xe, -2, pts[worst])
			if fe := obj.f(xe, fr); fe < fr {
				copy(pts[worst], xe)
				vals[worst] = fe
			} else {
				copy(pts[worst], xr)
				vals[worst] = fr
			}
		case fr < vals[second]:
			copy(pts[worst], xr)
			vals[worst] = fr
		default:
			t := 0.5
			if fr < vals[worst] {
				t = -0.5
			}
			var fc float64
			if spec && t == 0.5 {
				fc = fcIn // fr >= vals[worst]: its cutoff was min(fr, vals[worst])
			} else {
				at(xc, t, pts[worst])
				fc = obj.f(xc, math.Min(fr, vals[worst]))
			}
			if fc < math.Min(fr, vals[worst]) {
				copy(pts[worst], xc)
				vals[worst] = fc
			} else {
				for k, i := range idx[1:] {
					for j := range pts[i] {
						pts[i][j] = pts[best][j] + 0.5*(pts[i][j]-pts[best][j])
					}
					shrunk[k] = pts[i]
				}
				obj.all(shrunk, shrunkVals, inf)
				for k, i := range idx[1:] {
					vals[i] = shrunkVals[k]
				}
			}
		}
	}
	bi := 0
	for i := range vals {
		if vals[i] < vals[bi] {
			bi = i
		}
	}
	return pts[bi]
}

// nmTol is the relative spread of the simplex values at which nelderMead
// stops: 1e-5 of an in-sample sum of squares is far below what changes a
// forecast: on the demo bench 1e-8, 1e-6 and 1e-5 give the same WAPE to 0.1
// point, while 1e-8 took 38 % more evaluations than 1e-6 (cold starts) and
// 1e-5 cut the engine's CPU time by a further 15 %.
const nmTol = 1e-5

// nmWarmStep is the first simplex's size (in the logit space of the
// parameters) when a fit starts from parameters fitted earlier on a shorter
// history of the same series; a cold start uses 1.
const nmWarmStep = 0.3

// nmObjective is nelderMead's objective: one evaluates a point (see
// nelderMead for cutoff), two (optional) two points at once, with the same
// values as one.
type nmObjective struct {
	one func(x []float64, cutoff float64) float64
	two func(x1, x2 []float64, cutoff float64) (float64, float64)
}

// f is one, with NaN as +Inf.
func (o nmObjective) f(x []float64, cutoff float64) float64 {
	return nanInf(o.one(x, cutoff))
}

// f2 is f at x1 and x2, together when two is set.
func (o nmObjective) f2(x1, x2 []float64, cutoff float64) (float64, float64) {
	if o.two == nil {
		return o.f(x1, cutoff), o.f(x2, cutoff)
	}
	v1, v2 := o.two(x1, x2, cutoff)
	return nanInf(v1), nanInf(v2)
}

// all sets vals[i] to f(pts[i], cutoff), two points at a time.
func (o nmObjective) all(pts [][]float64, vals []float64, cutoff float64) {
	i := 0
	for ; i+1 < len(pts); i += 2 {
		vals[i], vals[i+1] = o.f2(pts[i], pts[i+1], cutoff)
	}
	if i < len(pts) {
		vals[i] = o.f(pts[i], cutoff)
	}
}

func nanInf(v float64) float64 {
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}
