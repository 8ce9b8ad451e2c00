package etl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

// TestLoadDirOrdersOnly loads a folder holding the demo's order lines and
// products (no returns, no claims) plus files a load cannot read: the data
// files load in dependency order, the others are named with a reason.
func TestLoadDirOrdersOnly(t *testing.T) {
	ctx := context.Background()
	gen := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 10, 20
	if _, err := demo.Generate(ctx, gen, opts); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{demo.OrderLinesFile, demo.ProductsFile} {
		b, err := os.ReadFile(filepath.Join(gen, f))
		if err != nil {
			t.Fatal(err)
		}
		name := f
		if f == demo.OrderLinesFile {
			name = "export_2026.csv" // told from its header
		}
		write(t, dir, name, b)
	}
	write(t, dir, "README.md", []byte("notes"))
	write(t, dir, "unknown.csv", []byte("a,b\n1,2\n"))
	if err := os.Mkdir(filepath.Join(dir, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	sums, ignored, err := LoadDir(ctx, w, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || sums[0].Entity != "products" || sums[1].Entity != "order_lines" {
		t.Fatalf("loaded %+v, want products then order lines", sums)
	}
	for _, s := range sums {
		if s.Quarantined != 0 || s.Inserted != s.Read || s.Read == 0 {
			t.Errorf("%s: %+v", s.File, s.Counts)
		}
	}
	var names []string
	for _, ig := range ignored {
		names = append(names, filepath.Base(ig.File)+": "+ig.Reason)
	}
	got := strings.Join(names, "\n")
	for _, want := range []string{"README.md: not a CSV", "old: a folder", "unknown.csv: cannot tell its table"} {
		if !strings.Contains(got, want) {
			t.Errorf("ignored files:\n%s\nwant a line %q", got, want)
		}
	}
	if n := countRows(t, w, `SELECT count(*) FROM return_lines`); n != 0 {
		t.Errorf("%d return lines", n)
	}
}
