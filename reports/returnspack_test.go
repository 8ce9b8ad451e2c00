package reports

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
)

// storedCell reads one stored KPI value of the test week as the pack
// writes it ("–" when kpi stored none).
func storedCell(t *testing.T, w interface {
	QueryRow(context.Context, string, ...any) *sql.Row
}, l Lang, kpi, scope, value string, dec int) string {
	t.Helper()
	var v sql.NullFloat64
	err := w.QueryRow(context.Background(), `SELECT value FROM kpi_snapshots WHERE run_id = 1 AND kpi_id = ? AND scope = ? AND scope_value = ? AND week_start = ?`,
		kpi, scope, value, testWeek.Start()).Scan(&v)
	if err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return nullNum(l, v, dec)
}

// TestReturnsPackAnswers checks the reverse-logistics manager's weekly
// questions on the first screen (seed.sql, 2026-W47) and that every cell of
// the site, carrier and stock tables is the value kpi stored.
func TestReturnsPackAnswers(t *testing.T) {
	w := openSeeded(t, "seed.sql")
	ctx := context.Background()
	for _, tc := range []struct {
		lang Lang
		want map[string]string
	}{
		{English, map[string]string{"received": "30", "refurb": "62.5 % (sectors: 1 worse than band, 1 within band)", "time": "102 h",
			"stock": "28 · 1,430 EUR", "old": "2", "cost": "14.8 EUR · 41.2 km", "carrier": "Colissimo · 15.0 %"}},
		{French, map[string]string{"received": "30", "refurb": "62,5 % (secteurs\u00a0: 1 moins bon que la fourchette, 1 dans la fourchette)", "time": "102\u00a0h",
			"stock": "28 · 1\u00a0430\u00a0EUR", "old": "2", "cost": "14,8\u00a0EUR · 41,2\u00a0km", "carrier": "Colissimo · 15,0 %"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			l := tc.lang
			o := testOptions(l)
			d, err := LoadReturns(ctx, w, testWeek, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Answers) < 6 {
				t.Fatalf("%d answers on the first screen, want at least 6", len(d.Answers))
			}
			for _, a := range d.Answers {
				if want, ok := tc.want[a.ID]; !ok || a.Value != want {
					t.Errorf("answer %s (%s) = %q, want %q", a.ID, a.Question, a.Value, want)
				}
			}
			// Site table: largest site first, then the total; every cell stored.
			ids := []string{"returned_units", "km_per_unit", "cost_per_unit", "cost_transport_per_unit", "cost_processing_per_unit"}
			dec := []int{0, 1, 2, 2, 2}
			checkRows(t, w, l, d.SiteCost, "site", []string{"LYON", "LILLE"}, ids, dec)
			checkRows(t, w, l, d.Carriers, "carrier", []string{"Colissimo", "DHL"}, carrierKPIs, []int{0, 2, 2, 1, 1, 2})
			// Stock: per site, per stage, then the total, units and value.
			var got []string
			for _, r := range d.StockTable.Rows {
				got = append(got, r[0]+"="+r[1]+"/"+r[2])
			}
			stage := l.T("ret.scope_disposition") + l.Colon()
			site := l.T("ret.scope_site") + l.Colon()
			want := []string{site + "LILLE=12/610", site + "LYON=16/820", stage + l.Name("awaiting_disposition") + "=19/980",
				stage + l.Name("awaiting_inspection") + "=9/450", l.T("scope.total") + "=28/" + l.Number(1430, 0)}
			if strings.Join(got, " | ") != strings.Join(want, " | ") {
				t.Errorf("stock rows\n%q\nwant\n%q", got, want)
			}
			// Refurbishment against bands: sourced, unsourced, none.
			byScope := map[string][]string{}
			for _, r := range d.Refurb.Rows {
				byScope[r[0]] = r
			}
			fashion := byScope[l.T("ret.scope_sector")+l.Colon()+l.Name("fashion")]
			tech := byScope[l.T("ret.scope_sector")+l.Colon()+l.Name("high_tech")]
			if fashion == nil || fashion[2] != l.Number(71.4, 1) || !strings.Contains(fashion[4], "2024") {
				t.Errorf("fashion refurbishment row %q, want 71.4 against the sourced 2024 band", fashion)
			}
			if tech == nil || tech[4] != l.T("ret.unsourced") || !strings.Contains(tech[3], l.T("bench.worse")) || tech[7] != l.T("ret.no_band") {
				t.Errorf("high-tech refurbishment row %q, want an unsourced band, worse, and no band for success", tech)
			}
			var buf bytes.Buffer
			if err := RenderPack(ctx, w, &buf, "returns", testWeek, o, nil); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			week := html[strings.Index(html, `<section id="week">`):strings.Index(html, `<section id="ret-dispositions">`)]
			for _, a := range d.Answers {
				if !strings.Contains(week, a.Value) && !strings.Contains(week, strings.ReplaceAll(a.Value, "\u202f", "&#8239;")) {
					t.Errorf("answer %s %q is not in the first section", a.ID, a.Value)
				}
				if !strings.Contains(html, `id="`+strings.TrimPrefix(a.Href, "#")+`"`) {
					t.Errorf("answer %s links to %s, which is not on the page", a.ID, a.Href)
				}
			}
		})
	}
}

// checkRows checks a scope table: the rows in order, then the total, each
// cell the stored value.
func checkRows(t *testing.T, w interface {
	QueryRow(context.Context, string, ...any) *sql.Row
}, l Lang, tb Table, scope string, order, ids []string, dec []int) {
	t.Helper()
	if len(tb.Rows) != len(order)+1 {
		t.Fatalf("%s table has %d rows, want %d and the total", tb.ID, len(tb.Rows), len(order))
	}
	for i, sv := range append(order, "") {
		row := tb.Rows[i]
		sc, name := scope, sv
		if sv == "" {
			sc, name = "total", l.T("scope.total")
		}
		if row[0] != name {
			t.Errorf("%s row %d is %q, want %q", tb.ID, i, row[0], name)
		}
		for j, id := range ids {
			if want := storedCell(t, w, l, id, sc, sv, dec[j]); row[j+1] != want {
				t.Errorf("%s %s %s = %q, want the stored %q", tb.ID, name, id, row[j+1], want)
			}
		}
	}
}

// TestReturnsPackNeeds: without processed_ts the stage, stock and
// disposition sections say which field to map instead of a number.
func TestReturnsPackNeeds(t *testing.T) {
	w := openSeeded(t, "seed.sql")
	ctx := context.Background()
	if _, err := w.Exec(ctx, `UPDATE return_lines SET processed_ts = NULL`); err != nil {
		t.Fatal(err)
	}
	d, err := LoadReturns(ctx, w, testWeek, testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ret-stages", "ret-stock", "ret-dispositions", "ret-refurb"} {
		m := d.Needs[id]
		if m == nil || !strings.Contains(m.Message, "`processed_ts`") {
			t.Errorf("section %s: %+v, want a message naming processed_ts", id, m)
		}
	}
	if len(d.StageTable.Rows) > 0 || len(d.StockTable.Rows) > 0 {
		t.Errorf("sections without their fields still computed")
	}
	for _, a := range d.Answers {
		if a.Href == "#ret-stock" || a.Href == "#ret-stages" {
			t.Errorf("answer %s shown although its section lacks a field", a.ID)
		}
	}
	if d.Needs["ret-carriers"] != nil {
		t.Errorf("carrier scorecard needs %v, want it shown", d.Needs["ret-carriers"])
	}
}
