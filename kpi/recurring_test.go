package kpi

import (
	"context"
	"fmt"
	"testing"
)

// TestRecurringClaimsHand: J1 and carrier C1 each have 3 claims in the hand
// data (CL1 quality/defect 50 EUR, CL2 quality/defect 30 EUR, CL4
// commercial/price 20 EUR): recurring with 3 claims, 100 EUR, top type
// quality and subtype defect (2 of 3). With a tie the name decides: adding one
// more commercial/price claim makes 2-2 and "commercial" < "quality".
func TestRecurringClaimsHand(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, extra    string
		n              int64
		amount         float64
		topType, topSb string
	}{
		{"majority", "", 3, 100, "quality", "defect"},
		{"tie", `INSERT INTO claims (claim_id, sku, carrier, opened_ts, type, subtype, amount, status, run_id) VALUES
			('CL5', 'J1', 'C1', '2026-03-19 10:00', 'commercial', 'price', 5, 'open', 1)`, 4, 105, "commercial", "defect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openHand(t)
			if tc.extra != "" {
				if _, err := w.Exec(ctx, tc.extra); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Compute(ctx, w, handOptions()); err != nil {
				t.Fatal(err)
			}
			rows, err := w.Query(ctx, `SELECT key_type, key, claims_recent, amount_recent, top_type, top_subtype
				FROM kpi_claims_recurring ORDER BY key_type, key`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var kt, k, tt, ts string
				var n int64
				var amt float64
				if err := rows.Scan(&kt, &k, &n, &amt, &tt, &ts); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%s %s %d %.0f %s %s", kt, k, n, amt, tt, ts))
			}
			// subtype tie in the "tie" case: defect 2, price 2 -> "defect" first by name
			want := []string{
				fmt.Sprintf("carrier C1 %d %.0f %s %s", tc.n, tc.amount, tc.topType, tc.topSb),
				fmt.Sprintf("sku J1 %d %.0f %s %s", tc.n, tc.amount, tc.topType, tc.topSb),
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("recurring = %v, want %v", got, want)
			}
		})
	}
}

// TestClaimsListsHand: at the end of W12 (2026-03-23 00:00) only CL3 is open
// (opened 03-11 10:00, 11 d 14 h before, 100 EUR; CL2 and CL4 closed on 03-16
// and 03-20); the recurring SKU J1 and carrier C1 each have CL1, CL2 and CL4
// behind them. A claim closed after the week's end still counts as open.
func TestClaimsListsHand(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, extra string
		open        string
	}{
		{"hand", "", "[CL3 11.583 100]"},
		{"closed after the week", `UPDATE claims SET closed_ts = '2026-03-24 10:00' WHERE claim_id = 'CL4'`, "[CL3 11.583 100 CL4 4.583 20]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openHand(t)
			if tc.extra != "" {
				if _, err := w.Exec(ctx, tc.extra); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Compute(ctx, w, handOptions()); err != nil {
				t.Fatal(err)
			}
			var open []string
			rows, err := w.Query(ctx, `SELECT claim_id, age_days, amount FROM kpi_claims_open ORDER BY age_days DESC`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var age, amt float64
				if err := rows.Scan(&id, &age, &amt); err != nil {
					t.Fatal(err)
				}
				open = append(open, fmt.Sprintf("%s %.3f %.0f", id, age, amt))
			}
			rows.Close()
			if got := fmt.Sprint(open); got != tc.open {
				t.Errorf("open claims %s, want %s", got, tc.open)
			}
			var behind string
			if err := w.QueryRow(ctx, `SELECT string_agg(key_type || ' ' || key || ' ' || claim_id, ', ' ORDER BY key_type, key, claim_id)
				FROM kpi_claims_recurring_claims`).Scan(&behind); err != nil {
				t.Fatal(err)
			}
			if want := "carrier C1 CL1, carrier C1 CL2, carrier C1 CL4, sku J1 CL1, sku J1 CL2, sku J1 CL4"; behind != want {
				t.Errorf("claims behind recurring causes: %s, want %s", behind, want)
			}
		})
	}
}
