package serve

import (
	"context"
	"errors"
	"math"
	"testing"
)

// colSum sums a numeric column of a table over its rows.
func colSum(t *testing.T, tb *PackTable, col string) float64 {
	t.Helper()
	for i, c := range tb.Columns {
		if c.ID != col {
			continue
		}
		s := 0.0
		for _, r := range tb.Rows {
			switch x := r.Values[i].(type) {
			case int64:
				s += float64(x)
			case float64:
				s += x
			}
		}
		return s
	}
	t.Fatalf("table %s has no column %s", tb.ID, col)
	return 0
}

func tableOf(t *testing.T, v *PackView, id string) *PackTable {
	t.Helper()
	for _, tb := range v.Tables {
		if tb.ID == id {
			return tb
		}
	}
	t.Fatalf("%s explorer (%s) has no table %s", v.Pack, v.Level, id)
	return nil
}

func near6(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// TestPackExplorers checks each pack explorer against the stage tables it
// reads and that every drill level adds up to the row above it.
func TestPackExplorers(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx := context.Background()
	explore := func(q PackQuery) *PackView {
		t.Helper()
		v, err := ExplorePack(ctx, e.w, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		return v
	}
	sql1 := func(q string, args ...any) float64 {
		t.Helper()
		var f float64
		if err := e.w.QueryRow(ctx, q, args...).Scan(&f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("reasons", func(t *testing.T) {
		v := explore(PackQuery{Pack: "reasons"})
		mix, cats := tableOf(t, v, "reason-mix"), tableOf(t, v, "categories")
		want := sql1(`SELECT sum(units) FROM weekly_returned WHERE iso_week = ?`, v.Week)
		if got := colSum(t, mix, "units"); got != want || colSum(t, cats, "units") != want {
			t.Errorf("week %s: reason mix %v units, categories %v, weekly_returned %v", v.Week, got, colSum(t, cats, "units"), want)
		}
		if s := colSum(t, mix, "share_13w"); !near6(s, 100) {
			t.Errorf("13-week shares add up to %v %%", s)
		}
		cat := cats.Rows[0]
		cv := explore(PackQuery{Pack: "reasons", Week: v.Week, Category: cat.Key})
		skus := tableOf(t, cv, "skus")
		if got := colSum(t, skus, "units_13w"); got != float64(cat.Values[1].(int64)) {
			t.Errorf("category %s: SKUs add up to %v, the row says %v", cat.Key, got, cat.Values[1])
		}
		sv := explore(PackQuery{Pack: "reasons", Week: v.Week, Category: cat.Key, SKU: skus.Rows[0].Key})
		weeks := tableOf(t, sv, "sku-reason-weeks")
		if len(weeks.Rows) != reasonWeeks || colSum(t, weeks, "units") != float64(skus.Rows[0].Values[1].(int64)) {
			t.Errorf("SKU %s: %d weeks adding up to %v, the row says %v", skus.Rows[0].Key, len(weeks.Rows), colSum(t, weeks, "units"), skus.Rows[0].Values[1])
		}
		tableOf(t, sv, "sku-alerts")
		tableOf(t, sv, "sku-comments")
	})
	t.Run("carbon", func(t *testing.T) {
		v := explore(PackQuery{Pack: "carbon"})
		disp, site, carrier, skus := tableOf(t, v, "by-disposition"), tableOf(t, v, "by-site"), tableOf(t, v, "by-carrier"), tableOf(t, v, "skus")
		run := v.Runs["kpi"]
		emitted := sql1(`SELECT sum(transport_kgco2e + processing_kgco2e + end_of_life_kgco2e) FROM carbon_facts WHERE run_id = ? AND iso_week = ?`, run, v.Week)
		avoided := sql1(`SELECT sum(avoided_kgco2e) FROM carbon_facts WHERE run_id = ? AND iso_week = ?`, run, v.Week)
		for _, tb := range []*PackTable{disp, site, carrier, skus} {
			if !near6(colSum(t, tb, "emitted"), emitted) || !near6(colSum(t, tb, "avoided"), avoided) {
				t.Errorf("%s: emitted %v avoided %v, carbon_facts %v %v", tb.ID, colSum(t, tb, "emitted"), colSum(t, tb, "avoided"), emitted, avoided)
			}
		}
		if emitted <= 0 || avoided <= 0 {
			t.Errorf("week %s: emitted %v, avoided %v", v.Week, emitted, avoided)
		}
		sku := skus.Rows[0]
		sv := explore(PackQuery{Pack: "carbon", Week: v.Week, SKU: sku.Key})
		weeks := tableOf(t, sv, "sku-weeks")
		last := weeks.Rows[len(weeks.Rows)-1]
		if last.Key != v.Week || !near6(last.Values[4].(float64), sku.Values[1].(float64)) {
			t.Errorf("SKU %s: last week %s emitted %v, the row says %v", sku.Key, last.Key, last.Values[4], sku.Values[1])
		}
	})
	t.Run("claims", func(t *testing.T) {
		v := explore(PackQuery{Pack: "claims"})
		open := sql1(`SELECT count(*) FROM kpi_claims_open WHERE run_id = ?`, v.Runs["kpi"])
		for _, id := range []string{"by-type", "by-carrier", "by-sku"} {
			if got := colSum(t, tableOf(t, v, id), "open"); got != open {
				t.Errorf("%s: %v open claims, kpi_claims_open %v", id, got, open)
			}
		}
		if open == 0 || v.AsOf == "" {
			t.Fatalf("no open claims in the fixture (as of %q)", v.AsOf)
		}
		var row PackRow
		for _, r := range tableOf(t, v, "by-sku").Rows {
			if r.Key != "unknown" {
				row = r
				break
			}
		}
		sv := explore(PackQuery{Pack: "claims", SKU: row.Key})
		if n := len(tableOf(t, sv, "sku-open").Rows); int64(n) != row.Values[0].(int64) {
			t.Errorf("SKU %s: %d open claims listed, the row says %v", row.Key, n, row.Values[0])
		}
	})
	t.Run("returns", func(t *testing.T) { testReturnsExplorer(t, e, explore, sql1) })
	t.Run("filters", func(t *testing.T) { testPackFilters(t, e, explore, sql1) })
	if _, err := ExplorePack(ctx, e.w, PackQuery{Pack: "nope"}); !errors.Is(err, ErrUnknownPack) {
		t.Errorf("unknown pack: %v", err)
	}
	if _, err := ExplorePack(ctx, e.w, PackQuery{Pack: "reasons", Week: "2026-W99"}); err == nil {
		t.Error("week 2026-W99 accepted")
	}
}
