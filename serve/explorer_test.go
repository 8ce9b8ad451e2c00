package serve

import (
	"context"
	"math"
	"testing"
)

// TestExplorerDrill walks total -> category -> SKU and checks that each
// level adds up to the one above and that a SKU's main reason in the rows
// equals the top of its reason mix.
func TestExplorerDrill(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx := context.Background()
	top, err := Explore(ctx, e.w, ExplorerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if top.Level != "total" || len(top.Rows) == 0 {
		t.Fatalf("top level %q with %d rows", top.Level, len(top.Rows))
	}
	for _, r := range top.Rows {
		if r.TopReason == "" || r.TopShare == nil || *r.TopShare <= 0 || *r.TopShare > 1 {
			t.Errorf("category %s: main reason %q share %v", r.Key, r.TopReason, r.TopShare)
		}
		cat, err := Explore(ctx, e.w, ExplorerQuery{Week: top.Week, Category: r.Key})
		if err != nil {
			t.Fatal(err)
		}
		if cat.Total.Units != r.Units || cat.Total.Units13 != r.Units13 || cat.Total.Previous != r.Previous {
			t.Errorf("category %s: SKUs add up to %+v, the category row says %+v", r.Key, cat.Total, r)
		}
	}
	cat, _ := Explore(ctx, e.w, ExplorerQuery{Week: top.Week, Category: top.Rows[0].Key})
	row := cat.Rows[0]
	sku, err := Explore(ctx, e.w, ExplorerQuery{Week: top.Week, Category: top.Rows[0].Key, SKU: row.Key})
	if err != nil {
		t.Fatal(err)
	}
	d := sku.SKU
	if d == nil || len(d.History) != 26 || len(d.Forecast) == 0 || len(d.Reasons) == 0 {
		t.Fatalf("SKU %s detail: %+v", row.Key, d)
	}
	if d.History[len(d.History)-1].Week != top.Week || d.History[len(d.History)-1].Units != row.Units {
		t.Errorf("SKU %s: last history week %+v, row %s units %d", row.Key, d.History[len(d.History)-1], top.Week, row.Units)
	}
	tie := len(d.Reasons) > 1 && d.Reasons[1].Units == d.Reasons[0].Units
	if math.Abs(d.Reasons[0].Share-*row.TopShare) > 1e-9 || (d.Reasons[0].Reason != row.TopReason && !tie) {
		t.Errorf("SKU %s: main reason %s %.3f in the row, %s %.3f in the reason mix", row.Key, row.TopReason, *row.TopShare, d.Reasons[0].Reason, d.Reasons[0].Share)
	}
	for _, f := range d.Forecast {
		if f.Lo95 > f.Lo80 || f.Lo80 > f.Mean || f.Mean > f.Hi80 || f.Hi80 > f.Hi95 {
			t.Errorf("SKU %s week %s: intervals out of order %+v", row.Key, f.Week, f)
		}
	}
}
