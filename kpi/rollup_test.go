package kpi

import (
	"context"
	"strings"
	"testing"
)

// TestNarrowMatchesFact checks that a family's narrow SELECT gives the
// holistic KPIs (medians, p90) the same values as its full fact would: the
// hand-made dataset is computed once as shipped and once with every narrow
// SELECT removed, and the snapshots must agree.
func TestNarrowMatchesFact(t *testing.T) {
	read := func() map[string]float64 {
		w := openHand(t)
		if _, err := Compute(context.Background(), w, handOptions()); err != nil {
			t.Fatal(err)
		}
		rows, err := w.Query(context.Background(), `SELECT kpi_id || ' ' || iso_week || ' ' || scope || '=' || scope_value, value FROM kpi_snapshots`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]float64{}
		for rows.Next() {
			var k string
			var v float64
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			out[k] = v
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	narrow := read()
	saved := families
	families = append([]family(nil), families...)
	for i := range families {
		families[i].narrow = ""
	}
	t.Cleanup(func() { families = saved })
	full := read()

	if len(narrow) != len(full) {
		t.Fatalf("%d snapshots with narrow SELECTs, %d without", len(narrow), len(full))
	}
	medians := 0
	for k, v := range full {
		if nv, ok := narrow[k]; !ok || !near(nv, v) {
			t.Errorf("%s: %v with narrow SELECTs, %v without", k, nv, v)
		}
		if strings.HasPrefix(k, "processing_time_median ") {
			medians++
		}
	}
	if medians == 0 {
		t.Fatal("no processing_time_median snapshot to compare")
	}
}
