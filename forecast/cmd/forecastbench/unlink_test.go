package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

// TestUnlinkReturns checks that every return line loses its order
// reference and gains the customer of the order line it came from.
func TestUnlinkReturns(t *testing.T) {
	dir := t.TempDir()
	o := demo.DefaultOptions()
	o.SKUs, o.Weeks = 5, 20
	if _, err := demo.Generate(context.Background(), dir, o); err != nil {
		t.Fatal(err)
	}
	before, err := readAll(filepath.Join(dir, demo.ReturnLinesFile))
	if err != nil {
		t.Fatal(err)
	}
	orders, err := readAll(filepath.Join(dir, demo.OrderLinesFile))
	if err != nil {
		t.Fatal(err)
	}
	oc := colIndex(orders[0])
	cust := map[string]string{}
	for _, r := range orders[1:] {
		cust[r[oc["order_id"]]+"/"+r[oc["line_id"]]] = r[oc["customer_id"]]
	}
	n, err := unlinkReturns(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(before)-1 || n == 0 {
		t.Fatalf("%d return lines rewritten, file has %d", n, len(before)-1)
	}
	after, err := readAll(filepath.Join(dir, demo.ReturnLinesFile))
	if err != nil {
		t.Fatal(err)
	}
	bc, ac := colIndex(before[0]), colIndex(after[0])
	ci, ok := ac["customer_id"]
	if !ok {
		t.Fatalf("no customer_id column: %v", after[0])
	}
	for i, r := range after[1:] {
		b := before[i+1]
		want := cust[b[bc["order_id"]]+"/"+b[bc["line_id"]]]
		if r[ac["order_id"]] != "" || r[ac["line_id"]] != "" || r[ci] != want || want == "" {
			t.Fatalf("line %d: order %q line %q customer %q, want empty, empty, %q", i+2, r[ac["order_id"]], r[ac["line_id"]], r[ci], want)
		}
	}
}
