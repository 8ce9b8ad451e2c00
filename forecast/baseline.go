package forecast

// Naive repeats the last observation.
type Naive struct{}

// Name implements Model.
func (Naive) Name() string { return ModelNaive }

func (Naive) forecast(in *Input, h int) ([]float64, error) {
	f := make([]float64, h)
	if len(in.Y) == 0 {
		return f, nil
	}
	last := in.Y[len(in.Y)-1]
	for i := range f {
		f[i] = last
	}
	return f, nil
}

// SeasonalNaive repeats the value one season (Input.Period, default 52) earlier;
// with less than one season of history it falls back to the naive forecast.
type SeasonalNaive struct{}

// Name implements Model.
func (SeasonalNaive) Name() string { return ModelSNaive }

func (SeasonalNaive) forecast(in *Input, h int) ([]float64, error) {
	m := in.Period
	n := len(in.Y)
	if m <= 1 || n < m {
		return Naive{}.forecast(in, h)
	}
	f := make([]float64, h)
	for i := range f {
		// value at n+i minus k seasons, the latest one inside the history
		t := n + i - m*((i/m)+1)
		f[i] = in.Y[t]
	}
	return f, nil
}

// MovingAverage forecasts the mean of the last Window observations (flat).
type MovingAverage struct {
	// Window is the number of weeks averaged; 0 means 8.
	Window int
}

// Name implements Model.
func (MovingAverage) Name() string { return ModelMovingAvg }

func (m MovingAverage) forecast(in *Input, h int) ([]float64, error) {
	w := m.Window
	if w <= 0 {
		w = 8
	}
	n := len(in.Y)
	if w > n {
		w = n
	}
	f := make([]float64, h)
	if w == 0 {
		return f, nil
	}
	s := 0.0
	for _, v := range in.Y[n-w:] {
		s += v
	}
	for i := range f {
		f[i] = s / float64(w)
	}
	return f, nil
}
