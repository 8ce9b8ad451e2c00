package forecast

// intermittentGrid is the smoothing-constant grid tried when a parameter is 0.
var intermittentGrid = []float64{0.05, 0.1, 0.2, 0.3}

// CrostonSBA is Croston's method with the Syntetos-Boylan approximation:
// demand sizes z and inter-demand intervals p are smoothed separately (updated
// only in periods with demand) and the forecast is (1 - alpha/2) z / p.
type CrostonSBA struct {
	// Alpha smooths sizes and intervals; 0 picks the best of {0.05, 0.1, 0.2,
	// 0.3} by in-sample mean squared one-step error (once per series when
	// Input.Cache is set: later origins reuse the first origin's choice).
	Alpha float64
}

// Name implements Model.
func (CrostonSBA) Name() string { return ModelCrostonSBA }

// crostonRun returns the final size and interval estimates and the in-sample
// squared one-step error of the SBA forecast. ok is false without demand.
func crostonRun(y []float64, a float64) (z, p, sse float64, ok bool) {
	q := 1.0 // periods since last demand
	for _, v := range y {
		if ok {
			e := v - (1-a/2)*z/p
			sse += e * e
		}
		if v > 0 {
			if !ok {
				z, p, ok = v, q, true
			} else {
				z += a * (v - z)
				p += a * (q - p)
			}
			q = 1
		} else {
			q++
		}
	}
	return z, p, sse, ok
}

func (m CrostonSBA) forecast(in *Input, h int) ([]float64, error) {
	a := m.Alpha
	if a <= 0 {
		// chosen once per series (cached at the first backtest origin)
		if p, ok := in.Cache.get(ModelCrostonSBA); ok {
			a = p[0]
		} else {
			a = bestOf(intermittentGrid, func(a float64) float64 {
				_, _, sse, _ := crostonRun(in.Y, a)
				return sse
			})
			in.Cache.put(ModelCrostonSBA, []float64{a})
		}
	}
	z, p, _, ok := crostonRun(in.Y, a)
	f := make([]float64, h)
	if !ok {
		return f, nil
	}
	for i := range f {
		f[i] = (1 - a/2) * z / p
	}
	return f, nil
}

// TSB is the Teunter-Syntetos-Babai method: the demand probability d is
// smoothed every period (beta), the size z only when demand occurs (alpha);
// the forecast is d z. It decays towards zero on obsolete items.
type TSB struct {
	// Alpha smooths sizes, Beta the probability; 0 picks each from the grid
	// {0.05, 0.1, 0.2, 0.3} by in-sample mean squared one-step error (once
	// per series when Input.Cache is set, as for CrostonSBA).
	Alpha, Beta float64
}

// Name implements Model.
func (TSB) Name() string { return ModelTSB }

// tsbRun runs the TSB recursions and returns the final probability and size
// and the in-sample squared one-step error; ok is false without demand.
func tsbRun(y []float64, a, b float64) (d, z, sse float64, ok bool) {
	// Initialise on the first demand: d = 1 / (periods up to and including it),
	// z = its size; updates start after it.
	first := -1
	for i, v := range y {
		if v > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return 0, 0, 0, false
	}
	d, z = 1/float64(first+1), y[first]
	for _, v := range y[first+1:] {
		e := v - d*z
		sse += e * e
		if v > 0 {
			d += b * (1 - d)
			z += a * (v - z)
		} else {
			d += b * (0 - d)
		}
	}
	return d, z, sse, true
}

func (m TSB) forecast(in *Input, h int) ([]float64, error) {
	a, b := m.Alpha, m.Beta
	if p, ok := in.Cache.get(ModelTSB); ok && (a <= 0 || b <= 0) {
		// chosen once per series (cached at the first backtest origin)
		a, b = p[0], p[1]
	} else if a <= 0 || b <= 0 {
		best := 0.0
		first := true
		for _, ga := range pick(a, intermittentGrid) {
			for _, gb := range pick(b, intermittentGrid) {
				_, _, sse, _ := tsbRun(in.Y, ga, gb)
				if first || sse < best {
					best, first = sse, false
					a, b = ga, gb
				}
			}
		}
		in.Cache.put(ModelTSB, []float64{a, b})
	}
	d, z, _, ok := tsbRun(in.Y, a, b)
	f := make([]float64, h)
	if !ok {
		return f, nil
	}
	for i := range f {
		f[i] = d * z
	}
	return f, nil
}

func pick(v float64, grid []float64) []float64 {
	if v > 0 {
		return []float64{v}
	}
	return grid
}

// bestOf returns the grid value with the smallest loss (the first on ties).
func bestOf(grid []float64, loss func(float64) float64) float64 {
	best, arg := 0.0, grid[0]
	for i, g := range grid {
		l := loss(g)
		if i == 0 || l < best {
			best, arg = l, g
		}
	}
	return arg
}
