package reports

import (
	"strings"
	"testing"
)

func TestSparkline(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name      string
		vals      []*float64
		polylines int
		empty     bool
	}{
		{"none", nil, 0, true},
		{"one value", []*float64{nil, f(3)}, 0, true},
		{"rising", []*float64{f(1), f(2), f(3)}, 1, false},
		{"a gap splits the line", []*float64{f(1), f(2), nil, f(3), f(4)}, 2, false},
		{"a lone value beside a gap draws no line", []*float64{f(1), nil, f(3), f(4)}, 1, false},
		{"flat", []*float64{f(5), f(5), f(5)}, 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(sparkline(tc.vals, `trend of "x" <y>`))
			if (got == "") != tc.empty {
				t.Fatalf("empty = %v, want %v: %s", got == "", tc.empty, got)
			}
			if tc.empty {
				return
			}
			if n := strings.Count(got, "<polyline"); n != tc.polylines {
				t.Errorf("%d polylines, want %d: %s", n, tc.polylines, got)
			}
			if strings.Contains(got, "<y>") || !strings.Contains(got, "&lt;y&gt;") {
				t.Errorf("label not escaped: %s", got)
			}
			if strings.Contains(got, "NaN") {
				t.Errorf("NaN in %s", got)
			}
		})
	}
}

// TestTileSparkFromSnapshots: each tile's sparkline holds the last 13 weeks
// of its stored values, ending with the report week.
func TestTileSparkFromSnapshots(t *testing.T) {
	w := openSeeded(t, "seed.sql")
	ctx := t.Context()
	runs, err := packRuns(ctx, w, testWeek)
	if err != nil {
		t.Fatal(err)
	}
	run := runs.KPI
	tiles, _, err := loadTiles(ctx, w, run, testWeek, English, []string{"operations", "claims", ""}, 52)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, tile := range tiles {
		if tile.Spark == nil {
			continue
		}
		if len(tile.Spark) != sparkWeeks {
			t.Errorf("%s: %d spark weeks, want %d", tile.ID, len(tile.Spark), sparkWeeks)
		}
		for i, v := range tile.Spark {
			wk := testWeek.Add(i - len(tile.Spark) + 1)
			var want *float64
			err := w.QueryRow(ctx, `SELECT max(value) FROM kpi_snapshots WHERE run_id = ? AND kpi_id = ? AND scope = 'total' AND week_start = ?`,
				run, tile.ID, wk.Start()).Scan(&want)
			if err != nil {
				t.Fatal(err)
			}
			if (v == nil) != (want == nil) || (v != nil && *v != *want) {
				t.Errorf("%s %s: spark %v, stored %v", tile.ID, wk, deref(v), deref(want))
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no tile has a sparkline")
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
