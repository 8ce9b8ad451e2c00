package warehouse

import (
	"context"
	"testing"
)

// TestDiscardDestination: the Go mapping and its SQL twin agree on every
// disposition and outcome, and what the mapping does not list is unknown.
func TestDiscardDestination(t *testing.T) {
	tests := []struct{ disp, outcome, want string }{
		{"restock", "", NotDiscarded},
		{"resell_secondary", "", NotDiscarded},
		{"repair", "", NotDiscarded},
		{"donate", "", NotDiscarded},
		{"refurbish", "success", NotDiscarded},
		{"refurbish", "failed", DestRecycling},
		{"refurbish", "", Unknown},
		{"recycle", "", DestRecycling},
		{"destroy", "", DestDisposal},
		{"destroy", "failed", DestDisposal},
		{"", "", Unknown},
		{"landfill", "", Unknown},
	}
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, tc := range tests {
		if got := DiscardDestination(tc.disp, tc.outcome); got != tc.want {
			t.Errorf("DiscardDestination(%q, %q) = %q, want %q", tc.disp, tc.outcome, got, tc.want)
		}
		var got string
		q := "SELECT " + DiscardDestinationSQL("d", "o") + " FROM (SELECT ?::VARCHAR AS d, ?::VARCHAR AS o)"
		if err := w.QueryRow(ctx, q, tc.disp, tc.outcome).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("SQL destination of (%q, %q) = %q, want %q", tc.disp, tc.outcome, got, tc.want)
		}
	}
}
