package etl

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

// fullChecksums fingerprints every table a load writes, lineage (run_id)
// included; load_runs, which records each attempt, is left out.
func fullChecksums(t *testing.T, w *warehouse.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range []string{"products", "sites", "order_lines", "return_lines", "claims", "quarantine"} {
		var s string
		q := fmt.Sprintf(`SELECT count(*)::VARCHAR || '/' || COALESCE(sum(hash(t))::VARCHAR, '0') FROM %s t`, tb)
		if err := w.QueryRow(context.Background(), q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		out[tb] = s
	}
	return out
}

// TestReloadLeavesEveryTableEqual loads dirty demo files and a sales file
// with inferred links twice: every table, quarantine included, is the same
// byte for byte (lineage included).
func TestReloadLeavesEveryTableEqual(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks, opts.Dirty, opts.DirtyRate = 15, 30, true, 0.02
	if _, err := demo.Generate(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		files = append(files, filepath.Join(dir, f))
	}
	m, err := LoadMapping(realExport(t, "invoices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	load := func() {
		if _, err := LoadFiles(ctx, w, files, Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadFile(ctx, w, realExport(t, "invoices.csv"), Options{Mapping: m}); err != nil {
			t.Fatal(err)
		}
	}
	load()
	if n := countRows(t, w, `SELECT count(*) FROM quarantine`); n == 0 {
		t.Fatal("the dirty files quarantined nothing: the test would prove nothing")
	}
	before := fullChecksums(t, w)
	load()
	after := fullChecksums(t, w)
	for tb, s := range before {
		if after[tb] != s {
			t.Errorf("%s changed on reload: %s -> %s", tb, s, after[tb])
		}
	}
}

// TestChangedFileReplacesItsQuarantine: a corrected file's earlier
// quarantine rows go; other files' rows stay.
func TestChangedFileReplacesItsQuarantine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := openTest(t)
	orders := write(t, dir, "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty\nO1,1,2026-01-05,A,x\nO2,1,2026-01-05,A,-1\nO3,1,2026-01-05,A,1\n"))
	other := write(t, dir, "claims.csv", []byte("claim_id,opened_ts,amount\nC1,2026-01-05,abc\n"))
	if _, err := LoadFiles(ctx, w, []string{orders, other}, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE file = ?`, orders); n != 2 {
		t.Fatalf("%d quarantine rows for the orders, want 2", n)
	}
	write(t, dir, "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty\nO1,1,2026-01-05,A,1\nO2,1,2026-01-05,A,-1\nO3,1,2026-01-05,A,1\n"))
	s, err := LoadFile(ctx, w, orders, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE file = ? AND run_id = ? AND line = 3`, orders, s.RunID); n != 1 {
		t.Errorf("corrected file: %d quarantine rows of its new run at line 3, want 1", n)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine`); n != 2 {
		t.Errorf("%d quarantine rows in all, want 1 for the orders and 1 for the claims", n)
	}
}
