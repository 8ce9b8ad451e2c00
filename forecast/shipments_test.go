package forecast

import (
	"math"
	"testing"
)

func TestForecastShipments(t *testing.T) {
	season := make([]float64, 52)
	for w := range season {
		season[w] = 1 + 0.5*math.Sin(2*math.Pi*float64(w)/52)
	}
	const start = 3 // calendar index of x[0]
	tests := []struct {
		name   string
		x      func(t int) float64 // history, t = 0..n-1
		n      int
		season []float64
		want   func(t int) float64 // expected forecast for week t >= n
		tol    float64             // relative
	}{
		{"constant, no season", func(int) float64 { return 20 }, 100, nil, func(int) float64 { return 20 }, 1e-12},
		{"level times season", func(t int) float64 { return 40 * season[(start+t)%52] }, 120, season,
			func(t int) float64 { return 40 * season[(start+t)%52] }, 1e-12},
		{"short history", func(int) float64 { return 5 }, 3, nil, func(int) float64 { return 5 }, 1e-12},
		// end of life: halves every 8 weeks; the forecast keeps declining
		{"declining", func(t int) float64 { return 100 * math.Pow(0.5, float64(t)/8) }, 40, nil,
			func(t int) float64 { return 100 * math.Pow(0.5, float64(t)/8) }, 0.02},
		{"declining with season", func(t int) float64 { return 100 * math.Pow(0.5, float64(t)/10) * season[(start+t)%52] }, 60, season,
			func(t int) float64 { return 100 * math.Pow(0.5, float64(t)/10) * season[(start+t)%52] }, 0.02},
		// a 20 % dip is noise, not an end of life: the smoothed level stands
		{"dip is not a decline", func(t int) float64 {
			if t >= 52 {
				return 40
			}
			return 50
		}, 60, nil, func(int) float64 { return 50 + (40-50)*(1-math.Pow(1-shipAlpha, 8)) }, 1e-9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := make([]float64, tc.n)
			for i := range x {
				x[i] = tc.x(i)
			}
			f := forecastShipments(x, start, tc.season, 13)
			for h, v := range f {
				want := tc.want(tc.n + h)
				if math.Abs(v-want) > tc.tol*want {
					t.Errorf("h %d: %.4f, want %.4f", h+1, v, want)
				}
			}
		})
	}
	if f := forecastShipments(nil, 0, season, 4); len(f) != 4 || f[0] != 0 {
		t.Errorf("empty history: %v", f)
	}
	if f := forecastShipments(make([]float64, 30), 0, season, 4); f[3] != 0 {
		t.Errorf("all zeros: %v", f)
	}
}

func TestBlendSeason(t *testing.T) {
	cat := []float64{2, 0.5, 0.5, 1}
	sec := []float64{1, 1, 1, 1}
	got := blendSeason(cat, sec)
	want := []float64{1.5, 0.75, 0.75, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("blend %v, want %v", got, want)
		}
	}
	if g := blendSeason(nil, sec); &g[0] != &sec[0] {
		t.Error("no category profile: want the sector's")
	}
	if g := blendSeason(cat, nil); &g[0] != &cat[0] {
		t.Error("no sector profile: want the category's")
	}
	if g := blendSeason(nil, nil); g != nil {
		t.Error("neither: want nil")
	}
}
