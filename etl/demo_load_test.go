package etl

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

// TestLoadDirtyDemoData loads demo-data --dirty output: every file balances,
// every injected bad row is quarantined with line, raw text and reason, and
// loading the same files again changes nothing.
func TestLoadDirtyDemoData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks, opts.Dirty, opts.DirtyRate = 40, 60, true, 0.01
	truth, err := demo.Generate(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		files = append(files, filepath.Join(dir, f))
	}
	w := openTest(t)
	sums, err := LoadFiles(ctx, w, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		name := filepath.Base(s.File)
		if s.Read != s.Inserted+s.Updated+s.Unchanged+s.Quarantined {
			t.Errorf("%s: %+v does not balance", name, s.Counts)
		}
		if s.Read != int64(truth.Files[name]) {
			t.Errorf("%s: read %d, file has %d rows", name, s.Read, truth.Files[name])
		}
		injected := 0
		for kind, n := range truth.Dirty[name] {
			if kind != "latin1" { // an encoding, not a bad row
				injected += n
			}
		}
		if s.Quarantined != int64(injected) {
			t.Errorf("%s: quarantined %d, injected %d bad rows (%v)", name, s.Quarantined, injected, truth.Dirty[name])
		}
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE line < 2 OR raw IS NULL OR raw = '' OR length(reason) < 20`); n != 0 {
		t.Errorf("%d quarantine rows lack a line, raw text or a readable reason", n)
	}
	before := checksums(t, w)
	sums, err = LoadFiles(ctx, w, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Inserted+s.Updated != 0 {
			t.Errorf("reload %s: %+v", s.File, s.Counts)
		}
	}
	after := checksums(t, w)
	for _, tb := range []string{"products", "order_lines", "return_lines", "claims"} {
		if before[tb] != after[tb] {
			t.Errorf("%s changed on reload", tb)
		}
	}
}
