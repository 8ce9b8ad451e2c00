package forecast

import (
	"math"
	"testing"
)

func TestReturnWindow(t *testing.T) {
	for _, tc := range []struct {
		name string
		pmf  []float64
		want int
	}{
		{"two weeks", []float64{0, 0.5, 0.5}, 2},
		{"95 % reached at 3", []float64{0, 0.4, 0.4, 0.15, 0.05}, 3},
		{"long tail", []float64{0, 0.3, 0.3, 0.2, 0.1, 0.06, 0.04}, 5},
		{"short of 1 by rounding", []float64{0, 0.3333333, 0.3333333, 0.3333333}, 3},
		{"empty", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := returnWindow(tc.pmf, 0.95); got != tc.want {
				t.Fatalf("returnWindow(%v) = %d, want %d", tc.pmf, got, tc.want)
			}
		})
	}
}

// TestOpenExposureHand: 10 units shipped in week 1 and 5 in week 3, lag 1 or
// 2 weeks with probability 1/2 each (window 2 weeks), return probability 0.2
// (the prior dominates). Open and pending units computed by hand.
func TestOpenExposureHand(t *testing.T) {
	s := &Series{Key: "A", Category: "c", Y: make([]float64, 8), X: []float64{0, 10, 0, 5, 0, 0, 0, 0}}
	ds := &Dataset{Weeks: 8, Series: []*Series{s, {Key: "B", Category: "c", Y: make([]float64, 8)}}}
	pools := map[string]*Pool{"c": {LagPMF: []float64{0, 0.5, 0.5}, ReturnProb: 0.2, PriorStrength: 1e12}}
	got := openExposure(ds, 7, pools)
	if len(got) != 1 {
		t.Fatalf("want one SKU with shipments (B has none), got %d", len(got))
	}
	e := got[0]
	wantOpen := []float64{10, 10, 15, 5, 5, 0} // weeks 1..6
	wantPending := []float64{2, 1, 1, 0.5, 0, 0}
	if e.First != 1 || e.WindowWeeks != 2 || len(e.Open) != len(wantOpen) {
		t.Fatalf("first %d, window %d, %d weeks; want 1, 2, %d", e.First, e.WindowWeeks, len(e.Open), len(wantOpen))
	}
	for i := range wantOpen {
		if math.Abs(e.Open[i]-wantOpen[i]) > 1e-9 || math.Abs(e.Pending[i]-wantPending[i]) > 1e-6 {
			t.Fatalf("week %d: open %v pending %v, want %v %v", i+1, e.Open[i], e.Pending[i], wantOpen[i], wantPending[i])
		}
	}
	// without a lag distribution: the default window, no pending returns
	got = openExposure(ds, 7, map[string]*Pool{})
	if got[0].WindowWeeks != DefaultReturnWindowWeeks || got[0].Pending != nil || got[0].Open[5] != 15 {
		t.Fatalf("default window: %+v", got[0])
	}
}
