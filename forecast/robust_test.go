package forecast

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// levelSeries is a count series around level 10 (deterministic noise).
func levelSeries(n int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(8 + (i*7)%5)
	}
	return y
}

// A spike 1,000 x the level, in the middle or in the last week, leaves
// every model and the engine's forecast for the next 13 weeks within 2 x
// the level.
func TestSpikeRule(t *testing.T) {
	const level = 10.0
	for _, at := range []int{60, 103} {
		t.Run(fmt.Sprintf("spike at %d", at), func(t *testing.T) {
			ds := &Dataset{Weeks: 104, Period: 52}
			for k := range 3 {
				s := &Series{Key: fmt.Sprintf("s%d", k), Y: levelSeries(104)}
				if k == 0 {
					s.Y[at] = 1000 * level
				}
				ds.Series = append(ds.Series, s)
			}
			opts := DefaultOptions()
			in := inputAt(ds, ds.Series[0], 104, nil, 13, opts)
			if in.Y[at] > 2*level || ds.Series[0].Y[at] != 1000*level {
				t.Fatalf("cleaned value %g, raw %g", in.Y[at], ds.Series[0].Y[at])
			}
			for _, m := range AllModels() {
				f, err := Forecast(m, in, 13)
				if err != nil {
					continue
				}
				for h, v := range f {
					if v > 2*level {
						t.Errorf("%s: h %d forecast %g > 2 x level", m.Name(), h+1, v)
					}
				}
			}
			res, err := Run(context.Background(), ds, 0, opts)
			if err != nil {
				t.Fatal(err)
			}
			for h, v := range res.Series[0].Mean {
				if v > 2*level {
					t.Errorf("engine (%s): h %d forecast %g > 2 x level", res.Series[0].Model, h+1, v)
				}
			}
		})
	}
}

func TestDespikeKeepsOrdinarySeries(t *testing.T) {
	seasonal := make([]float64, 104)
	for i := range seasonal {
		seasonal[i] = 20
		if i%52 >= 46 {
			seasonal[i] = 60 // a peak season: 3 x, six weeks
		}
	}
	intermittent := make([]float64, 104)
	for i := 0; i < 104; i += 9 {
		intermittent[i] = float64(1 + i%4)
	}
	for name, y := range map[string][]float64{"level": levelSeries(104), "season": seasonal, "intermittent": intermittent} {
		if got := despike(y, 52, 6); &got[0] != &y[0] {
			t.Errorf("%s: changed %v", name, got)
		}
	}
	// an intermittent spike is replaced by the usual demand size
	intermittent[45] = 500
	if got := despike(intermittent, 52, 6); got[45] < 1 || got[45] > 4 {
		t.Errorf("intermittent spike replaced by %g", got[45])
	}
}

// Shipments all zero: the shipment-driven models are never fitted nor
// selected, and the series' record says why.
func TestZeroShipmentsNeverSelectShipmentModels(t *testing.T) {
	ds, _ := Synthetic(SyntheticOptions{SKUs: 24, Weeks: 104, Categories: 2, Seed: 3, WithLinks: true})
	for _, s := range ds.Series[:8] {
		s.X = make([]float64, len(s.Y))
	}
	opts := DefaultOptions()
	opts.Workers = 2
	res, err := Run(context.Background(), ds, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	shipModels := 0
	for i, r := range res.Series {
		_, reg := r.Weights[ModelRegression]
		_, ol := r.Weights[ModelOrderLinked]
		if i >= 8 {
			if reg || ol {
				shipModels++
			}
			continue
		}
		if reg || ol {
			t.Errorf("%s (no shipments) selected %s", r.Series.Key, r.Model)
		}
		why := r.notFittedText()
		if !strings.Contains(why, "regression: ") || !strings.Contains(why, "order_linked: ") || !strings.Contains(why, "needs shipments") {
			t.Errorf("%s: not-fitted record %q", r.Series.Key, why)
		}
	}
	if shipModels == 0 {
		t.Error("no series with shipments selected a shipment-driven model: the check proves nothing")
	}
}
