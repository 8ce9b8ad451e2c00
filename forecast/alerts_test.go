package forecast

import (
	"context"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// TestNoAlertForCatchAllReason: when every return of a category's SKUs
// moves to "other" (a source that stopped giving reasons), no alert is
// raised for "other"; the same shift onto a product reason is raised.
func TestNoAlertForCatchAllReason(t *testing.T) {
	for _, tc := range []struct {
		reason string
		want   bool
	}{{"other", false}, {"defective", true}} {
		t.Run(tc.reason, func(t *testing.T) {
			ds, _ := Synthetic(SyntheticOptions{SKUs: 40, Weeks: 104, Categories: 2, Seed: 4, WithLinks: true})
			to := -1
			for r, name := range ds.Reasons {
				if name == tc.reason {
					to = r
				}
			}
			shifted := ds.Series[0].Category
			for _, s := range ds.Series {
				if s.Category != shifted || s.Reasons == nil {
					continue
				}
				for wk := ds.Weeks - 8; wk < ds.Weeks; wk++ {
					for r := range s.Reasons {
						if r != to {
							s.Reasons[to][wk] += s.Reasons[r][wk]
							s.Reasons[r][wk] = 0
						}
					}
				}
			}
			o := DefaultOptions()
			o.Origins = 1
			res, err := Run(context.Background(), ds, 0, o)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, a := range res.Alerts {
				if warehouse.IsCatchAllReason(a.Reason) {
					t.Errorf("alert raised for catch-all reason %q (%s %s)", a.Reason, a.Level, a.Key)
				}
				if a.Reason == tc.reason && a.Key == shifted {
					got = true
				}
			}
			if got != tc.want {
				t.Errorf("category alert for %q: %v, want %v", tc.reason, got, tc.want)
			}
		})
	}
}
