package reports

import (
	"context"
	"slices"
	"testing"
)

// TestTilesLatestValueMixAndTrendGaps: a KPI without a value in the report
// week shows its latest value marked with its week, a KPI with values only
// per scope shows a breakdown, and weeks without a value are gaps in the
// trend lines, not zeros.
func TestTilesLatestValueMixAndTrendGaps(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	for _, q := range []string{
		`DELETE FROM kpi_snapshots WHERE kpi_id = 'return_rate' AND scope = 'total' AND week_start >= DATE '2026-11-09'`,
		`DELETE FROM kpi_snapshots WHERE kpi_id = 'cost_per_unit' AND scope = 'total' AND iso_week = '2026-W40'`,
		`INSERT INTO kpi_definitions (kpi_id, name_en, name_fr, definition_en, definition_fr, unit, higher_is_better, audience)
		 VALUES ('claims_resolution_share', 'Claims resolution mix', 'Répartition des résolutions', 'Closed claims per resolution', 'Litiges clos par résolution', '%', NULL, 'claims')`,
		`INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value) VALUES
		 (1, 'claims_resolution_share', DATE '2026-11-16', '2026-W47', 'resolution', 'refund', 60),
		 (1, 'claims_resolution_share', DATE '2026-11-16', '2026-W47', 'resolution', 'rejected', 40),
		 (1, 'claims_resolution_share', DATE '2026-11-09', '2026-W46', 'resolution', 'refund', 45),
		 (1, 'claims_resolution_share', DATE '2026-11-09', '2026-W46', 'resolution', 'rejected', 55)`,
	} {
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var w45, w44 float64
	if err := w.QueryRow(ctx, `SELECT max(value) FILTER (WHERE iso_week = '2026-W45'), max(value) FILTER (WHERE iso_week = '2026-W44')
		FROM kpi_snapshots WHERE kpi_id = 'return_rate' AND scope = 'total'`).Scan(&w45, &w44); err != nil {
		t.Fatal(err)
	}
	tiles, trends, err := loadTiles(ctx, w, 1, testWeek, French, []string{"operations", "claims"}, 52)
	if err != nil {
		t.Fatal(err)
	}
	tile := func(id string) Tile {
		for _, t := range tiles {
			if t.ID == id {
				return t
			}
		}
		t.Fatalf("no tile %s", id)
		return Tile{}
	}
	rr := tile("return_rate")
	if rr.AsOf != "2026-W45" || rr.Value == nil || *rr.Value != w45 || rr.Change == nil || *rr.Change != w45-w44 {
		t.Errorf("return rate tile: as of %q value %v change %v, want 2026-W45, %v, %v", rr.AsOf, rr.Value, rr.Change, w45, w45-w44)
	}
	if c := tile("cost_per_unit"); c.AsOf != "" || c.Value == nil {
		t.Errorf("a KPI with a value this week is marked as of %q", c.AsOf)
	}
	mix := tile("claims_resolution_share")
	if mix.Value != nil || len(mix.Parts) != 2 {
		t.Fatalf("mix tile: value %v, parts %+v", mix.Value, mix.Parts)
	}
	if p := mix.Parts[0]; p.Name != "remboursement" || *p.Value != 60 || *p.Change != 15 {
		t.Errorf("first part %s %v %v, want remboursement 60 +15", p.Name, *p.Value, *p.Change)
	}
	if p := mix.Parts[1]; p.Name != "rejeté" || *p.Value != 40 || *p.Change != -15 {
		t.Errorf("second part %s %v %v, want rejeté 40 -15", p.Name, *p.Value, *p.Change)
	}
	for _, tr := range trends {
		if tr.ID == "trend-claims_resolution_share" {
			t.Errorf("a mix KPI has a total trend line")
		}
		s := tr.Series[0]
		var missing []string
		for i, g := range s.Gaps {
			if g {
				missing = append(missing, tr.Categories[i])
			}
		}
		switch tr.ID {
		case "trend-return_rate":
			if !slices.Equal(missing, []string{"2026-W46", "2026-W47"}) {
				t.Errorf("return rate gaps %v, want the last two weeks", missing)
			}
		case "trend-cost_per_unit":
			if !slices.Equal(missing, []string{"2026-W40"}) {
				t.Errorf("cost gaps %v, want 2026-W40", missing)
			}
		default:
			if s.Gaps != nil {
				t.Errorf("%s has gaps %v", tr.ID, missing)
			}
		}
	}
}
