package reports

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestCSRExportsHand works the discarded-goods exports out by hand on
// seed.sql: 46 weeks (2026-W02 to W47) of 2 destroyed jeans (0.8 kg), 1
// recycled smartphone (0.3 kg), 10 restocked jeans and 1 unit of unknown
// disposition. Jeans: 92 units, 73.6 kg, all disposal, ESPR ban in the 19
// weeks from W29 (38 units), AGEC ban 92. Smartphones: 46 recycled, 13.8 kg,
// and 46 of unknown destination. E5-5: total 87.4 kg, recycling 13.8, disposal
// 73.6, non-recycled 73.6 = 84.21 %.
func TestCSRExportsHand(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	sets, err := Datasets(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	q := map[string]string{}
	for _, ds := range sets {
		q[ds.Name] = ds.Query
	}
	rows, err := w.Query(ctx, `SELECT category, return_reason, units_discarded, round(mass_kg, 6), round(disposal_pct, 2), round(recycling_pct, 2),
		units_destination_unknown, espr_destruction_units, espr_banned_units, agec_banned_units FROM (`+q["discarded_unsold"]+`)`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var cat, reason string
		var units, unknown, espr, ban, agec int64
		var mass, disp, rec *float64
		if err := rows.Scan(&cat, &reason, &units, &mass, &disp, &rec, &unknown, &espr, &ban, &agec); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s/%s %d %s %s %s %d %d %d %d", cat, reason, units, f(mass), f(disp), f(rec), unknown, espr, ban, agec))
	}
	rows.Close()
	want := []string{
		"jeans/defective 92 73.6 100 0 0 92 38 92",
		"smartphone/damaged_in_transit 46 13.8 0 100 0 46 0 0",
		"smartphone/unknown 0 – – – 46 0 0 0",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("discarded_unsold:\n got %q\nwant %q", got, want)
	}
	dp := map[string]string{}
	rows, err = w.Query(ctx, `SELECT datapoint, status, round(value, 2), COALESCE(unit, '') FROM (`+q["esrs_e5_5_datapoints"]+`)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, status, unit string
		var v *float64
		if err := rows.Scan(&id, &status, &v, &unit); err != nil {
			t.Fatal(err)
		}
		dp[id] = strings.TrimSpace(status + " " + f(v) + " " + unit)
	}
	rows.Close()
	for id, want := range map[string]string{
		"E5-5 37(a)": "filled 87.4 kg", "E5-5 37(b)": "filled 13.8 kg", "E5-5 37(b)(i)": "filled 0 kg", "E5-5 37(b)(ii)": "filled 13.8 kg",
		"E5-5 37(c)": "filled 73.6 kg", "E5-5 37(d)": "filled 73.6 kg", "E5-5 37(d) %": "filled 84.21 %",
		"E5-5 37(c)(i)-(iii)": "not filled –", "E5-5 39": "not filled –",
	} {
		if dp[id] != want {
			t.Errorf("%s = %q, want %q", id, dp[id], want)
		}
	}
	if len(dp) != len(esrsDatapoints) {
		t.Errorf("%d datapoints, want %d", len(dp), len(esrsDatapoints))
	}
}

func f(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprint(math.Round(*v*100) / 100)
}

// TestDiscardedNeeds: without product weights or dispositions the discarded
// goods section says which field is missing and shows no table.
func TestDiscardedNeeds(t *testing.T) {
	for _, tc := range []struct{ name, update, field string }{
		{"weight", `UPDATE products SET weight_kg = NULL`, "`weight_kg`"},
		{"disposition", `UPDATE return_lines SET disposition = NULL`, "`disposition`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := openSeeded(t, "seed.sql")
			if _, err := w.Exec(ctx, tc.update); err != nil {
				t.Fatal(err)
			}
			for _, l := range []Lang{English, French} {
				o := DefaultOptions()
				o.Lang = l
				d, err := LoadCarbon(ctx, w, testWeek, o, nil)
				if err != nil {
					t.Fatal(err)
				}
				m := d.Discarded.Missing
				if m == nil || !strings.Contains(m.Message, tc.field) {
					t.Fatalf("%s: discarded section missing = %+v, want a message naming %s", l, m, tc.field)
				}
				if !d.Discarded.Table.Empty() || !d.Discarded.Destinations.Empty() {
					t.Errorf("%s: tables filled although %s is missing", l, tc.field)
				}
			}
		})
	}
}

// TestCarbonDiscardedSection: the carbon pack's discarded goods section on
// seed.sql, year to date to 2026-W47, by hand: recycling 46 units 13.8 kg
// (33.3 %), disposal 92 units 73.6 kg (66.7 %), 138 discarded (87.4 kg), 46
// of unknown destination; flags: ESPR destruction 138 (87.4 kg), ESPR ban
// 38 (30.4 kg, weeks W29-W47), AGEC ban 92 (73.6 kg). The rendered page
// carries the three tables and the unverified parts.
func TestCarbonDiscardedSection(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	d, err := LoadCarbon(ctx, w, testWeek, testOptions(English), nil)
	if err != nil {
		t.Fatal(err)
	}
	dd := d.Discarded
	got := map[string]string{}
	for _, r := range append(dd.Destinations.Rows, dd.Flags.Rows...) {
		got[r[0]] = strings.Join(r[1:], " ")
	}
	for k, want := range map[string]string{
		"Recycling": "46 13.8 33.3 % E5-5 37(b)(ii)", "Disposal": "92 73.6 66.7 % E5-5 37(c)", "Preparing for reuse": "0 0.0 0.0 % E5-5 37(b)(i)",
		"Total discarded": "138 87.4 100 % E5-5 37(a)", "Unknown": "46 – – –",
		"ESPR destruction (art. 2(34))": "138 87.4", "ESPR ban: apparel and footwear from 19 July 2026 (art. 25)": "38 30.4",
		"AGEC ban: non-food goods eliminated": "92 73.6",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if n := len(dd.Table.Rows); n != 3 {
		t.Errorf("%d category x reason rows, want 3", n)
	}
	if len(dd.Unverified) < 4 || dd.Missing != nil {
		t.Errorf("unverified parts %d, missing %v", len(dd.Unverified), dd.Missing)
	}
	res := renderFixture(t, "seed.sql")
	b, err := os.ReadFile(res.Packs["carbon"])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="discarded"`, `id="discarded-destinations"`, `id="discarded-flags"`, `id="discarded-table"`, "Regulation (EU) 2026/2", "CN"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("carbon pack lacks %q", s)
		}
	}
}
