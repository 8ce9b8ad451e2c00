package forecast

import (
	"math"
	"testing"
)

// TestSelectPooledWithin checks which models the pooled selection combines:
// the best by pooled score, plus those within CombineWithin of it.
func TestSelectPooledWithin(t *testing.T) {
	mk := func(key, cat string, sse map[string]float64) *SeriesResult {
		return &SeriesResult{Series: &Series{Key: key, Category: cat}, sse: sse}
	}
	tests := []struct {
		name    string
		sse     map[string]float64
		within  float64
		want    []string // combined models, best first
		wantMod string
	}{
		{"one clear winner", map[string]float64{"a": 1, "b": 2, "c": 3}, 1.05, []string{"a"}, "a"},
		{"two close", map[string]float64{"a": 1, "b": 1.01, "c": 3}, 1.05, []string{"a", "b"}, "combo(a,b)"},
		{"three close", map[string]float64{"a": 1, "b": 1.01, "c": 1.02, "d": 1.03}, 1.05, []string{"a", "b", "c"}, "combo(a,b,c)"},
		{"wide margin keeps the old top three", map[string]float64{"a": 1, "b": 2, "c": 3, "d": 4}, 100, []string{"a", "b", "c"}, "combo(a,b,c)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// one series alone in its category: pooled score = 3 x relative MSE
			rs := []*SeriesResult{mk("s1", "cat", tc.sse)}
			opts := DefaultOptions()
			opts.CombineWithin = tc.within
			selectModels(rs, opts.withDefaults())
			r := rs[0]
			if r.Model != tc.wantMod {
				t.Errorf("model %q, want %q", r.Model, tc.wantMod)
			}
			if len(r.Weights) != len(tc.want) {
				t.Fatalf("weights %v, want models %v", r.Weights, tc.want)
			}
			sum := 0.0
			for _, m := range tc.want {
				w, ok := r.Weights[m]
				if !ok {
					t.Fatalf("weights %v lack %s", r.Weights, m)
				}
				sum += w
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("weights sum to %g", sum)
			}
			// weights follow 1/score: the best weighs most
			for _, m := range tc.want[1:] {
				if r.Weights[m] > r.Weights[tc.want[0]] {
					t.Errorf("weight of %s %g above the best's %g", m, r.Weights[m], r.Weights[tc.want[0]])
				}
			}
		})
	}
}

// TestSelectPooledUsesCategory checks that the category's scores steer a
// series whose own scores are a near tie.
func TestSelectPooledUsesCategory(t *testing.T) {
	rs := []*SeriesResult{
		{Series: &Series{Key: "s1", Category: "c"}, sse: map[string]float64{"a": 1.0, "b": 1.001}},
		{Series: &Series{Key: "s2", Category: "c"}, sse: map[string]float64{"a": 5, "b": 1}},
		{Series: &Series{Key: "s3", Category: "c"}, sse: map[string]float64{"a": 5, "b": 1}},
	}
	selectModels(rs, DefaultOptions().withDefaults())
	if rs[0].Model != "b" {
		t.Errorf("s1 chose %q (weights %v), want b, its category's clear winner", rs[0].Model, rs[0].Weights)
	}
	best := DefaultOptions()
	best.Selection = SelectBest
	selectModels(rs, best.withDefaults())
	if rs[0].Model != "a" {
		t.Errorf("best on its own MSE: s1 chose %q, want a", rs[0].Model)
	}
}

// SelectFamily combines the best model of each of the three best families;
// SelectAuto does so for regular series and pools intermittent ones.
func TestSelectFamily(t *testing.T) {
	sse := map[string]float64{ModelTheta: 1, ModelDynamicTheta: 1.1, ModelETS: 2, ModelDamped: 1.5, ModelSNaive: 4, ModelNaive: 3, ModelCrostonSBA: 8}
	mk := func(key string, intermittent bool) *SeriesResult {
		return &SeriesResult{Series: &Series{Key: key}, sse: sse, intermittent: intermittent}
	}
	rs := []*SeriesResult{mk("a", false), mk("b", true)}
	opts := DefaultOptions()
	opts.Selection = SelectAuto
	selectModels(rs, opts)
	w := rs[0].Weights
	tot := 1/1.0 + 1/1.5 + 1/3.0
	if rs[0].Model != "combo(theta,damped,naive)" || math.Abs(w[ModelTheta]-1/tot) > 1e-9 || math.Abs(w[ModelNaive]-1/3.0/tot) > 1e-9 {
		t.Fatalf("family: %s %v", rs[0].Model, w)
	}
	if rs[1].Model == rs[0].Model {
		t.Fatalf("intermittent series selected by family too: %s", rs[1].Model)
	}
}
