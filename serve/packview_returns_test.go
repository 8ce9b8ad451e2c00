package serve

import (
	"testing"
)

type (
	exploreFunc func(PackQuery) *PackView
	sqlFunc     func(string, ...any) float64
)

// testReturnsExplorer checks the returns explorer against the KPI tables
// the reverse-logistics pack reads: every KPI cell equals kpi_snapshots,
// the sites' and carriers' units add up to the network's, a site's and a
// carrier's products add up to its row, and a SKU's weeks, sites and
// carriers add up to its row.
func testReturnsExplorer(t *testing.T, e *env, explore exploreFunc, sql1 sqlFunc) {
	v := explore(PackQuery{Pack: "returns"})
	run := v.Runs["kpi"]
	kpi := func(id, scope, value string) float64 {
		return sql1(`SELECT COALESCE(max(value), -1) FROM kpi_snapshots WHERE run_id = ? AND iso_week = ? AND kpi_id = ? AND scope = ? AND scope_value = ?`,
			run, v.Week, id, scope, value)
	}
	total := kpi("returned_units", "total", "")
	if total <= 0 {
		t.Fatalf("week %s: %v units received in the KPI table", v.Week, total)
	}
	for _, id := range []string{"total", "by-site", "by-carrier", "by-category"} {
		tb := tableOf(t, v, id)
		if got := colSum(t, tb, "returned_units"); got != total {
			t.Errorf("%s: %v units received, the network %v", id, got, total)
		}
		scope := map[string]string{"total": "total", "by-site": "site", "by-carrier": "carrier", "by-category": "category"}[id]
		for _, r := range tb.Rows {
			sv := r.Key
			if scope == "total" {
				sv = ""
			}
			for i, c := range tb.Columns {
				want := kpi(c.ID, scope, sv)
				got, ok := r.Values[i].(float64)
				if !ok && want != -1 || ok && !near6(got, want) {
					t.Errorf("%s %s %s: %v, kpi_snapshots %v", id, r.Key, c.ID, r.Values[i], want)
				}
			}
		}
	}
	processed := sql1(`SELECT sum(units) FROM carbon_facts WHERE run_id = ? AND iso_week = ?`, run, v.Week)
	if got := colSum(t, tableOf(t, v, "by-disposition"), "units"); got != processed {
		t.Errorf("by disposition: %v units processed, carbon_facts %v", got, processed)
	}
	for _, scope := range []string{"site", "carrier", "category"} {
		row := tableOf(t, v, "by-"+scope).Rows[0]
		q := PackQuery{Pack: "returns", Week: v.Week}
		switch scope {
		case "site":
			q.Site = row.Key
		case "carrier":
			q.Carrier = row.Key
		default:
			q.Category = row.Key
		}
		fv := explore(q)
		if rows := tableOf(t, fv, "by-"+scope).Rows; len(rows) != 1 || rows[0].Key != row.Key {
			t.Errorf("%s %s: the KPI table shows %d rows", scope, row.Key, len(rows))
		}
		skus := tableOf(t, fv, "skus")
		if got := colSum(t, skus, "units"); got != row.Values[0].(float64) {
			t.Errorf("%s %s: products add up to %v units received, the row says %v", scope, row.Key, got, row.Values[0])
		}
		if scope != "site" {
			continue
		}
		sku := skus.Rows[0]
		sv := explore(PackQuery{Pack: "returns", Week: v.Week, Site: row.Key, SKU: sku.Key})
		weeks := tableOf(t, sv, "sku-weeks")
		if len(weeks.Rows) != retWeeks || weeks.Rows[retWeeks-1].Key != v.Week || colSum(t, weeks, "units") != float64(sku.Values[2].(int64)) {
			t.Errorf("SKU %s: %d weeks adding up to %v, the row says %v", sku.Key, len(weeks.Rows), colSum(t, weeks, "units"), sku.Values[2])
		}
		sites, found := tableOf(t, sv, "sku-sites"), false
		for _, r := range sites.Rows {
			found = found || r.Key == row.Key && r.Values[1] == sku.Values[2]
		}
		if !found {
			t.Errorf("SKU %s: by site %+v, no %s row with %v units in 13 weeks", sku.Key, sites.Rows, row.Key, sku.Values[2])
		}
		if got := colSum(t, tableOf(t, sv, "sku-carriers"), "units"); got != float64(sku.Values[0].(int64)) {
			t.Errorf("SKU %s at %s: carriers add up to %v, the row says %v", sku.Key, row.Key, got, sku.Values[0])
		}
		// The SKU's units processed at each site add up to the network's.
		all := explore(PackQuery{Pack: "returns", Week: v.Week, SKU: sku.Key})
		net, bySite := colSum(t, tableOf(t, all, "sku-dispositions"), "units_13w"), 0.0
		for _, s := range v.Options["sites"] {
			bySite += colSum(t, tableOf(t, explore(PackQuery{Pack: "returns", Week: v.Week, Site: s, SKU: sku.Key}), "sku-dispositions"), "units_13w")
		}
		if net <= 0 || bySite != net {
			t.Errorf("SKU %s: %v units processed in 13 weeks, %v adding up the sites", sku.Key, net, bySite)
		}
	}
}

// testPackFilters checks the carbon explorer's site and carrier filters and
// the claims explorer's week filter.
func testPackFilters(t *testing.T, e *env, explore exploreFunc, sql1 sqlFunc) {
	v := explore(PackQuery{Pack: "carbon"})
	site := tableOf(t, v, "by-site").Rows[0]
	sv := explore(PackQuery{Pack: "carbon", Week: v.Week, Site: site.Key})
	if rows := tableOf(t, sv, "by-site").Rows; len(rows) != 1 || rows[0].Key != site.Key || rows[0].Values[0] != site.Values[0] {
		t.Errorf("carbon site %s: %+v", site.Key, rows)
	}
	for _, id := range []string{"by-disposition", "skus"} {
		for i, col := range []string{"emitted", "avoided"} {
			if got, want := colSum(t, tableOf(t, sv, id), col), site.Values[i].(float64); !near6(got, want) {
				t.Errorf("carbon site %s: %s %s %v, the site's row %v", site.Key, id, col, got, want)
			}
		}
	}
	if len(sv.Notes) == 0 {
		t.Errorf("carbon site %s: no note on the filters the tables do not cross", site.Key)
	}

	c := explore(PackQuery{Pack: "claims"})
	weeks := c.Options["weeks"]
	if len(weeks) < 2 || weeks[0] != c.Week {
		t.Fatalf("claims weeks %v, week %s", weeks, c.Week)
	}
	cw := explore(PackQuery{Pack: "claims", Week: weeks[1]})
	opened := sql1(`SELECT value FROM kpi_snapshots WHERE run_id = ? AND iso_week = ? AND kpi_id = 'claims_opened' AND scope = 'total'`, c.Runs["kpi"], weeks[1])
	for _, id := range []string{"week-by-type", "week-by-carrier"} {
		if got := colSum(t, tableOf(t, cw, id), "claims_opened"); got != opened || cw.Week != weeks[1] {
			t.Errorf("claims week %s %s: %v opened, kpi_snapshots %v", cw.Week, id, got, opened)
		}
	}
	if n := len(tableOf(t, cw, "by-type").Rows); n != len(tableOf(t, c, "by-type").Rows) {
		t.Errorf("open claims by type changed with the week: %d rows, %d", n, len(tableOf(t, c, "by-type").Rows))
	}
}
