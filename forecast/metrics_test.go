package forecast

import (
	"math"
	"testing"
)

func TestScaledPinball(t *testing.T) {
	tests := []struct {
		a     float64
		q     [3]float64
		scale float64
		want  float64
	}{
		// a above every quantile: tau x (a - q), mean of three, / scale
		{10, [3]float64{4, 6, 8}, 2, (0.5*6 + 0.8*4 + 0.95*2) / 3 / 2},
		// a below: (1 - tau) x (q - a)
		{0, [3]float64{1, 2, 4}, 1, (0.5*1 + 0.2*2 + 0.05*4) / 3},
	}
	for _, tc := range tests {
		var s Score
		s.AddScaledPinball(tc.a, tc.q, tc.scale)
		s.AddScaledPinball(tc.a, tc.q, 0) // no scale: left out
		if math.Abs(s.ScaledPinball()-tc.want) > 1e-12 || s.NSPinball != 1 {
			t.Errorf("a %g q %v: %g over %d points, want %g", tc.a, tc.q, s.ScaledPinball(), s.NSPinball, tc.want)
		}
	}
}

func TestCoverageByZero(t *testing.T) {
	var s Score
	q := [5]float64{0, 1, 2, 3, 5}
	s.AddInterval(0, q, 0.5, 1) // zero actual, plainly inside both bands
	s.AddInterval(4, q, 0, 1)   // outside 80, inside 95
	s.AddInterval(2, q, 1, 1)   // inside both
	var o Score
	o.Merge(s)
	zero, nz := o.CoverageBy(true)
	rest, nr := o.CoverageBy(false)
	if nz != 1 || nr != 2 || zero != [4]float64{0.5, 1, 0, 1} || rest != [4]float64{0.5, 1, 0.5, 1} {
		t.Fatalf("zero %v (%d), non-zero %v (%d)", zero, nz, rest, nr)
	}
}

// The 0.8 and 0.95 quantiles sit between the median and the 97.5 % point.
func TestScaledQuantilesAt(t *testing.T) {
	for _, mu := range []float64{0.3, 4, 60, 900} {
		q := ScaledQuantilesAt(mu, 0.2, 0.3)
		q5 := nbQuantiles(mu, 0.2, 0.3)
		if !(q[0] <= q[1] && q[1] <= q[2] && q[2] <= q5[4]+1e-9 && q[1] >= q5[2]) || math.Abs(q[0]-q5[2]) > 1e-9 {
			t.Errorf("mu %g: %v against %v", mu, q, q5)
		}
	}
}

// TestAbove95Whole: an actual inside the jump above an interpolated 0.95
// quantile exceeds it but not the quantile rounded up to a whole unit.
func TestAbove95Whole(t *testing.T) {
	for _, tc := range []struct {
		a, q95          float64
		plain, wholeOut int
	}{
		{3, 2.6, 1, 0},
		{4, 2.6, 1, 1},
		{2, 2.6, 0, 0},
		{3, 3, 0, 0},
		{0, 0, 0, 0},
	} {
		var s Score
		s.AddScaledPinball(tc.a, [3]float64{1, 2, tc.q95}, 1)
		if s.Above95 != tc.plain || s.Above95Whole != tc.wholeOut {
			t.Errorf("a %g, q95 %g: above %d, above whole %d; want %d, %d", tc.a, tc.q95, s.Above95, s.Above95Whole, tc.plain, tc.wholeOut)
		}
	}
}
