package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadDirAndLinkRate: retour load DIR loads the folder's files in
// dependency order, names the file it ignores, and the load summary and
// retour status show the share of returned units linked to an order line.
func TestLoadDirAndLinkRate(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "exports")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		// returns sort before orders by name: the folder load orders them
		"a_returns.csv":  "return_id,sku,qty,requested_ts,customer_id\nR1,A,1,2026-01-20,K1\nR2,B,1,2026-01-20,K9\n",
		"b_orders.csv":   "order_id,line_id,order_ts,sku,qty,customer_id\nO1,1,2026-01-05,A,2,K1\n",
		"notes.pdf":      "%PDF",
		"c_products.csv": "sku,name\nA,shirt\nB,cap\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(data, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "w.duckdb")
	code, out := runCLI(t, "--db", db, "load", data)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{"ignored " + filepath.Join(data, "notes.pdf"), "linked to their order line: 50.0 % (given 0, inferred 1, none 1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("load output lacks %q:\n%s", want, out)
		}
	}
	if p, o := strings.Index(out, "c_products.csv"), strings.Index(out, "b_orders.csv"); p < 0 || o < p || strings.Index(out, "a_returns.csv ") < o {
		t.Errorf("files not loaded products, orders, returns:\n%s", out)
	}
	code, out = runCLI(t, "--db", db, "status")
	if code != exitOK || !strings.Contains(out, "50.0 % (1 inferred)") {
		t.Errorf("status (exit %d) lacks the link rate:\n%s", code, out)
	}
	code, out = runCLI(t, "--db", db, "status", "--json")
	if code != exitOK || !strings.Contains(out, `"units_linked_inferred": 1`) || !strings.Contains(out, `"units_unlinked": 1`) {
		t.Errorf("status --json (exit %d) lacks the link counts:\n%s", code, out)
	}
}
