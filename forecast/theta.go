package forecast

import "math"

// Theta is the standard Theta method (Assimakopoulos and Nikolopoulos 2000)
// as in R's thetaf() and Hyndman and Billah (2003): when the series passes
// thetaf's seasonality test, it is seasonally adjusted by classical
// decomposition (multiplicative when every value is positive, additive
// otherwise); the forecast is simple exponential smoothing (alpha and the
// initial level fitted by least squares) plus half the slope of the linear
// trend, b/2 x ((h-1) + (1 - (1-alpha)^n) / alpha), reseasonalised.
type Theta struct{}

// Name implements Model.
func (Theta) Name() string { return ModelTheta }

// DynamicTheta is the dynamic optimised Theta model (DOTM, Fiorucci et al.
// 2016, as statsforecast's DynamicOptimizedTheta): the theta line's
// intercept A_t and slope B_t are updated with each observation, and alpha,
// theta (>= 1) and the initial level minimise the in-sample squared
// one-step error. Same seasonal adjustment as Theta.
type DynamicTheta struct{}

// Name implements Model.
func (DynamicTheta) Name() string { return ModelDynamicTheta }

// sesProfile runs SES with smoothing a from the initial level that
// minimises the squared one-step errors of y (each value, the first
// included, is forecast from the level before it; the optimal initial level
// is a least-squares coefficient since the errors are linear in it). It
// returns the final level and the SSE.
func sesProfile(y []float64, a float64) (level, sse float64) {
	// with initial level 0: d_t = y_t - fitted_t; fitted_t grows by
	// (1-a)^t per unit of initial level
	var l0, dw, ww, dd float64
	w := 1.0
	for _, v := range y {
		d := v - l0
		dw += d * w
		ww += w * w
		dd += d * d
		l0 += a * d
		w *= 1 - a
	}
	if ww == 0 {
		return l0, dd
	}
	init := dw / ww
	return l0 + w*init, math.Max(dd-dw*dw/ww, 0)
}

// thetaSlope is the least-squares slope of y on 0..n-1.
func thetaSlope(y []float64) float64 {
	n := float64(len(y))
	if n < 2 {
		return 0
	}
	tm := (n - 1) / 2
	var sy, sty, stt float64
	for t, v := range y {
		sy += v
		dt := float64(t) - tm
		sty += dt * v
		stt += dt * dt
	}
	return sty / stt
}

func (Theta) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	n := len(in.Y)
	if n == 0 {
		return f, nil
	}
	if n < 3 {
		return Naive{}.forecast(in, h)
	}
	x, season, seasonal := deseasonFor(in)
	a := 0.0
	if p, ok := in.Cache.get(ModelTheta); ok {
		a = p[0]
	} else {
		a = golden(func(a, _ float64) float64 { _, s := sesProfile(x, a); return s }, 1e-4, 0.9999, 25)
		in.Cache.put(ModelTheta, []float64{a})
	}
	level, _ := sesProfile(x, a)
	b := thetaSlope(x) / 2
	drift := (1 - math.Pow(1-a, float64(n))) / a
	for i := range f {
		f[i] = level + b*(float64(i)+drift)
	}
	if seasonal {
		season.apply(f, n)
	}
	return f, nil
}

// dotmProfile runs the DOTM recursions on y with smoothing a and theta th
// from the initial level l0 that minimises the squared one-step errors
// from the second value on (they are linear in l0: with l0 = 0 they are
// d_t, and each unit of l0 raises the forecast of value t by (1-a)^t). It returns the final level, A_n, B_n, the SSE and l0.
func dotmProfile(y []float64, a, th float64) (l, A, B, sse, l0 float64) {
	c := 1 - 1/th
	l = a * y[0] // level with l0 = 0
	mean := y[0]
	A = y[0]
	var dw, ww, dd float64
	pw := 1 - a // (1-a)^i: the weight of l0 in the level after value i-1
	for i := 1; i < len(y); i++ {
		t := float64(i + 1)
		d := y[i] - (l + c*(pw*A+(1-pw*(1-a))/a*B))
		dw += d * pw
		ww += pw * pw
		dd += d * d
		l = a*y[i] + (1-a)*l
		B = ((t-2)*B + 6*(y[i]-mean)/t) / (t + 1)
		mean = ((t-1)*mean + y[i]) / t
		A = mean - (t+1)/2*B
		pw *= 1 - a
	}
	if ww > 0 {
		l0 = dw / ww
		dd = math.Max(dd-dw*dw/ww, 0)
	}
	return l + pw*l0, A, B, dd, l0
}

// dotmTrend returns the trend line's intercept A[i] and slope B[i] that
// dotmProfile's step i (1 <= i < len(y)) reads: they depend on y alone, so a
// fit computes them once instead of at every evaluation (three divisions a
// step).
func dotmTrend(y []float64) (A, B []float64) {
	A, B = make([]float64, len(y)), make([]float64, len(y))
	mean, a, b := y[0], y[0], 0.0
	for i := 1; i < len(y); i++ {
		A[i], B[i] = a, b
		t := float64(i + 1)
		b = ((t-2)*b + 6*(y[i]-mean)/t) / (t + 1)
		mean = ((t-1)*mean + y[i]) / t
		a = mean - (t+1)/2*b
	}
	return A, B
}

// dotmSSE is dotmProfile's sse from the trend dotmTrend(y) returned, with
// the same operations (so the same number).
func dotmSSE(y []float64, a, th float64, A, B []float64) float64 {
	c := 1 - 1/th
	l := a * y[0]
	var dw, ww, dd float64
	pw := 1 - a
	for i := 1; i < len(y); i++ {
		d := y[i] - (l + c*(pw*A[i]+(1-pw*(1-a))/a*B[i]))
		dw += d * pw
		ww += pw * pw
		dd += d * d
		l = a*y[i] + (1-a)*l
		pw *= 1 - a
	}
	if ww > 0 {
		dd = math.Max(dd-dw*dw/ww, 0)
	}
	return dd
}

// dotmRun runs the DOTM recursions from a given initial level (for tests).
func dotmRun(y []float64, a, th, l0 float64) (l, A, B, sse float64) {
	c := 1 - 1/th
	l = a*y[0] + (1-a)*l0
	mean := y[0]
	A = y[0]
	pw := 1 - a
	for i := 1; i < len(y); i++ {
		t := float64(i + 1)
		e := y[i] - (l + c*(pw*A+(1-pw*(1-a))/a*B))
		sse += e * e
		l = a*y[i] + (1-a)*l
		B = ((t-2)*B + 6*(y[i]-mean)/t) / (t + 1)
		mean = ((t-1)*mean + y[i]) / t
		A = mean - (t+1)/2*B
		pw *= 1 - a
	}
	return l, A, B, sse
}

// dotmBounds are alpha and theta, with their ranges and cold starts.
var dotmBounds = []bound{{0.01, 0.99, 0.5}, {1, 20, 2}}

func (DynamicTheta) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	n := len(in.Y)
	if n == 0 {
		return f, nil
	}
	if n < 4 {
		return Naive{}.forecast(in, h)
	}
	x, season, seasonal := deseasonFor(in)
	p, ok := in.Cache.get(ModelDynamicTheta)
	if !ok {
		A, B := dotmTrend(x)
		p = fitBounded(in, ModelDynamicTheta, dotmBounds, func(p []float64, _ float64) float64 {
			return dotmSSE(x, p[0], p[1], A, B)
		}, nil)
	}
	a, th := p[0], p[1]
	l, A, B, _, _ := dotmProfile(x, a, th)
	c := 1 - 1/th
	pn := math.Pow(1-a, float64(n))
	for i := range f {
		f[i] = l + c*(pn*A+(float64(i)+(1-pn*(1-a))/a)*B)
	}
	if seasonal {
		season.apply(f, n)
	}
	return f, nil
}
