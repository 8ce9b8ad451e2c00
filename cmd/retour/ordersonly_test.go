package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

// TestOrdersOnly: products and order lines without any return or claim file
// are valid data. forecast and kpi exit 0 saying there is nothing they can
// compute and where to look, and report writes what the data supports.
func TestOrdersOnly(t *testing.T) {
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks, opts.Seed = 6, 20, 5
	if _, err := demo.Generate(context.Background(), dir, opts); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.duckdb")
	mustCLI(t, "--db", db, "load", filepath.Join(dir, demo.ProductsFile), filepath.Join(dir, demo.OrderLinesFile))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"forecast", "--origins", "2"}, "nothing to forecast"},
		{[]string{"kpi"}, "Average delivery time"}, // orders alone support the delivery KPIs
		{[]string{"report", "--no-export", "--out", filepath.Join(dir, "reports")}, "index"},
		{[]string{"status"}, "a returns file"},
	}
	for _, c := range cases {
		out := mustCLI(t, append([]string{"--db", db}, c.args...)...)
		if !strings.Contains(out, c.want) {
			t.Errorf("retour %s: output lacks %q:\n%s", strings.Join(c.args, " "), c.want, out)
		}
	}
}
