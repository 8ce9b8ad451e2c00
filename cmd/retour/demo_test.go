package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/notebooks"
)

// TestDemoShippedChecks runs `retour demo` on small demo data: the shipped
// notebooks' checks pass (exit 0, every check marked passed), and a shipped
// check that returns rows makes the demo exit 1 naming the notebook and the
// check.
func TestDemoShippedChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("demo run skipped in -short mode")
	}
	dir := t.TempDir()
	args := []string{"demo", "--out", dir, "--db", filepath.Join(dir, "w.duckdb"), "--skus", "30", "--weeks", "70"}
	code, out := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("demo exit %d:\n%s", code, out)
	}
	page, err := os.ReadFile(filepath.Join(dir, "reports", "notebooks", "carbon-methodology-check.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `class="check passed"`); n != 3 || strings.Contains(string(page), `class="check failed"`) {
		t.Errorf("carbon notebook: %d checks passed, want 3 and none failed", n)
	}
	if !strings.Contains(out, "every check passed") {
		t.Errorf("demo output does not report the checks:\n%s", out)
	}

	old := shippedNotebooks
	t.Cleanup(func() { shippedNotebooks = old })
	shippedNotebooks = func() (map[string][]byte, []string, error) {
		nbs, names, err := notebooks.Shipped()
		if err != nil {
			return nil, nil, err
		}
		nbs["zz-broken.md"] = []byte("# Broken\n\n## Check 9: no returned units at all\n\n```sql check\nSELECT sku, qty FROM return_lines LIMIT 3\n```\n")
		return nbs, append(names, "zz-broken.md"), nil
	}
	dir2 := t.TempDir()
	code, out = runCLI(t, "demo", "--out", dir2, "--db", filepath.Join(dir2, "w.duckdb"), "--skus", "12", "--weeks", "40")
	if code != exitFailure {
		t.Fatalf("demo with a failing shipped check exit %d, want %d:\n%s", code, exitFailure, out)
	}
	for _, want := range []string{"zz-broken.md", `"Check 9: no returned units at all" returned 3 rows`} {
		if !strings.Contains(out, want) {
			t.Errorf("demo error does not name %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir2, "reports", "notebooks", "zz-broken.html")); err != nil {
		t.Errorf("failing notebook page not written: %v", err)
	}
}
