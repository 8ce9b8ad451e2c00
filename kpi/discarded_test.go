package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

// TestDiscardedHand works csr_discarded out by hand on testdata/hand.sql.
// Processed lines: R1 2 jeans restocked and R2 1 jeans destroyed (defective,
// week 2026-W11); R3 1 smartphone refurbished with success, R4 1 smartphone
// whose refurbishment failed (wrong item) and R6 2 rice donated (2026-W12).
// R5 and R7 are not processed and are left out. Jeans weigh 0.65 kg, the
// smartphone 0.38 kg, rice 2 kg. The destroyed jeans go to disposal: ESPR
// destruction, AGEC ban (non-food), no ESPR ban (March, before 19 July
// 2026); the failed refurbishment goes to recycling: ESPR destruction only.
// The extra cases add a refurbishment without outcome (unknown), an unknown
// disposition and a product without weight.
func TestDiscardedHand(t *testing.T) {
	type row struct {
		week, cat, reason, disp, dest string
		units, weighed                int64
		mass                          sql.NullFloat64
		espr, ban, agec               sql.NullBool
	}
	yes, no, null := sql.NullBool{Bool: true, Valid: true}, sql.NullBool{Valid: true}, sql.NullBool{}
	kg := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
	base := []row{
		{"2026-W11", "jeans", "defective", "destroy", "disposal", 1, 1, kg(0.65), yes, no, yes},
		{"2026-W11", "jeans", "size_too_small", "restock", "not_discarded", 2, 2, kg(1.3), no, no, no},
		{"2026-W12", "rice", "damaged_in_transit", "donate", "not_discarded", 2, 2, kg(4), no, no, no},
		{"2026-W12", "smartphone", "defective", "refurbish", "not_discarded", 1, 1, kg(0.38), no, no, no},
		{"2026-W12", "smartphone", "wrong_item", "refurbish", "recycling", 1, 1, kg(0.38), yes, no, no},
	}
	extra := `INSERT INTO products (sku, category, sector, run_id) VALUES ('T1', 't_shirt', 'fashion', 1);
		INSERT INTO return_lines (return_id, sku, qty, requested_ts, received_ts, processed_ts, reason_code, disposition, refurbish_outcome, run_id) VALUES
		('X1', 'P1', 3, '2026-03-10 10:00', '2026-03-11 10:00', '2026-03-12 10:00', 'defective', 'refurbish', NULL, 1),
		('X2', 'J1', 1, '2026-03-10 10:00', '2026-03-11 10:00', '2026-03-12 10:00', NULL, NULL, NULL, 1),
		('X3', 'T1', 4, '2026-03-10 10:00', '2026-03-11 10:00', '2026-03-12 10:00', 'defective', 'recycle', NULL, 1)`
	withExtra := []row{base[0], base[1],
		{"2026-W11", "jeans", "unknown", "unknown", "unknown", 1, 1, kg(0.65), null, null, null},
		{"2026-W11", "smartphone", "defective", "refurbish", "unknown", 3, 3, kg(1.14), null, null, null},
		{"2026-W11", "t_shirt", "defective", "recycle", "recycling", 4, 0, sql.NullFloat64{}, yes, no, no},
		base[2], base[3], base[4]}
	// A t-shirt destroyed on 19 July 2026 (a Sunday, so 2026-W29 is complete)
	// falls under the ESPR ban.
	ban := `INSERT INTO products (sku, category, sector, weight_kg, run_id) VALUES ('T1', 't_shirt', 'fashion', 0.2, 1);
		INSERT INTO return_lines (return_id, sku, qty, requested_ts, received_ts, processed_ts, reason_code, disposition, run_id) VALUES
		('X4', 'T1', 5, '2026-07-10 10:00', '2026-07-19 08:00', '2026-07-19 10:00', 'defective', 'destroy', 1)`
	withBan := append(append([]row{}, base...),
		row{"2026-W29", "t_shirt", "defective", "destroy", "disposal", 5, 5, kg(1), yes, yes, yes})
	for _, tc := range []struct {
		name, extra string
		want        []row
	}{{"hand", "", base}, {"unknowns", extra, withExtra}, {"espr ban", ban, withBan}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := openHand(t)
			if tc.extra != "" {
				if _, err := w.Exec(ctx, tc.extra); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Compute(ctx, w, handOptions()); err != nil {
				t.Fatal(err)
			}
			rows, err := w.Query(ctx, `SELECT iso_week, category, reason, disposition, destination, units, units_weighed, mass_kg,
				espr_destruction, espr_banned, agec_banned FROM csr_discarded ORDER BY iso_week, category, reason`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.week, &r.cat, &r.reason, &r.disp, &r.dest, &r.units, &r.weighed, &r.mass, &r.espr, &r.ban, &r.agec); err != nil {
					t.Fatal(err)
				}
				if r.mass.Valid {
					r.mass.Float64 = math.Round(r.mass.Float64*1e6) / 1e6
				}
				got = append(got, r)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("csr_discarded:\n got %v\nwant %v", got, tc.want)
			}
			var def string
			if err := w.QueryRow(ctx, `SELECT definition_en FROM kpi_table_definitions WHERE table_name = 'csr_discarded'`).Scan(&def); err != nil {
				t.Fatalf("definition of csr_discarded: %v", err)
			}
		})
	}
}

// checkDiscardedTruth compares csr_discarded with the demo generator's
// disposition mix of a sector: discarded = recycle + destroy + failed
// refurbishments; disposal = destroy. Lines carry 1-2 units, so n units ~
// n/2 independent draws is conservative.
func checkDiscardedTruth(t *testing.T, w *warehouse.DB, sector string, st demo.SectorTruth) {
	t.Helper()
	var n, discarded, disposal, unknown float64
	if err := w.QueryRow(context.Background(), `SELECT COALESCE(SUM(units), 0),
		COALESCE(SUM(units) FILTER (WHERE destination NOT IN ('not_discarded', 'unknown')), 0),
		COALESCE(SUM(units) FILTER (WHERE destination = 'disposal'), 0),
		COALESCE(SUM(units) FILTER (WHERE destination = 'unknown'), 0)
		FROM csr_discarded WHERE sector = ?`, sector).Scan(&n, &discarded, &disposal, &unknown); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no processed units in csr_discarded for %s", sector)
	}
	if unknown != 0 {
		t.Errorf("%.0f units of unknown destination; the demo gives every processed line a disposition and outcome", unknown)
	}
	m := st.DispositionMix
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"discarded", discarded / n, m["recycle"] + m["destroy"] + m["refurbish"]*(1-st.RefurbSuccessProb)},
		{"disposal", disposal / n, m["destroy"]},
	} {
		if se := math.Sqrt(c.want * (1 - c.want) / (n / 2)); math.Abs(c.got-c.want) > 4*se+0.005 {
			t.Errorf("%s share %.4f over %.0f units, truth %.4f (se %.4f)", c.what, c.got, n, c.want, se)
		}
	}
}
