package kpi

import (
	"context"
	"testing"
)

// TestRegistryNeeds: every KPI declares the fields it needs, in a form the
// warehouse measures.
func TestRegistryNeeds(t *testing.T) {
	for _, k := range Registry() {
		needs, err := k.NeedList()
		if err != nil {
			t.Errorf("%s: %v", k.ID, err)
			continue
		}
		if len(needs) == 0 {
			t.Errorf("%s declares no Needs", k.ID)
		}
	}
}

// TestComputeSkipsUnsupported: on the hand dataset without claims and
// without processing timestamps, no claims or processing KPI is stored (not
// a 0, not a growing backlog) and kpi_unsupported says what is missing;
// the KPIs the data supports are still stored.
func TestComputeSkipsUnsupported(t *testing.T) {
	w := openHand(t)
	ctx := context.Background()
	for _, q := range []string{`DELETE FROM claims`, `UPDATE return_lines SET processed_ts = NULL`} {
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Compute(ctx, w, handOptions())
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]string{}
	rows, err := w.Query(ctx, `SELECT kpi_id, missing FROM kpi_unsupported WHERE run_id = ?`, res.RunID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, m string
		if err := rows.Scan(&id, &m); err != nil {
			t.Fatal(err)
		}
		missing[id] = m
	}
	for id, want := range map[string]string{
		"claims_opened": "claims", "claims_amount": "claims", "backlog_gt7d": "return_lines.processed_ts",
		"processing_over_sla": "return_lines.processed_ts", "csat_mean": "return_lines.processed_ts",
	} {
		if missing[id] != want {
			t.Errorf("kpi_unsupported %s = %q, want %q", id, missing[id], want)
		}
		var n int
		if err := w.QueryRow(ctx, `SELECT count(*) FROM kpi_snapshots WHERE kpi_id = ?`, id).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d snapshots stored (%v), want none", id, n, err)
		}
	}
	var n int
	if err := w.QueryRow(ctx, `SELECT count(*) FROM kpi_snapshots WHERE kpi_id = 'return_rate' AND value IS NOT NULL`).Scan(&n); err != nil || n == 0 {
		t.Errorf("return_rate: %d values (%v): supported KPIs must still be stored", n, err)
	}
	if _, ok := missing["return_rate"]; ok {
		t.Error("return_rate listed as unsupported")
	}
}
