package warehouse

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func TestCoverage(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`INSERT INTO products (sku, category, weight_kg, run_id) VALUES ('a', 'jeans', 0, 1), ('b', ' ', 0.5, 1)`,
		`INSERT INTO order_lines (order_id, line_id, order_ts, ship_ts, sku, qty, run_id) VALUES
		 ('o1', '1', '2026-03-02', '2026-03-03', 'a', 1, 1), ('o2', '1', '2026-03-09', NULL, 'b', 1, 1)`,
		`INSERT INTO return_lines (return_id, sku, qty, requested_ts, received_ts, processed_ts, reason_code, site, run_id) VALUES
		 ('r1', 'a', 1, '2026-03-10', '2026-03-11', NULL, 'other', 'north', 1),
		 ('r2', 'a', 1, '2026-03-10', NULL, NULL, 'too_small', '', 1),
		 ('r3', 'b', 1, '2026-03-17', '2026-03-18', '2026-03-19', NULL, NULL, 1),
		 ('r4', 'b', 1, '2026-03-17', '2026-03-18', NULL, 'unknown', NULL, 1)`,
	} {
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	c, err := ReadCoverage(ctx, w, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	// Every measured field has its row in the view.
	for table, fields := range measured {
		for _, f := range fields {
			if table != "claims" && c.Fields[table+"."+f].Rows == 0 {
				t.Errorf("field_coverage has no rows for %s.%s", table, f)
			}
		}
	}
	tests := []struct {
		need string
		has  bool
		pres int64
	}{
		{"return_lines.received_ts", true, 3},
		{"return_lines.processed_ts", false, 1}, // 1 of 4 < 0.3
		{"return_lines.reason_code", false, 1},  // 'other', 'unknown' and NULL do not count
		{"return_lines.site", false, 1},         // blank does not count
		{"return_lines.processed_ts|received_ts", true, -1},
		{"products.weight_kg", true, 1}, // 0 does not count; 1 of 2
		{"products.category", true, 1},
		{"order_lines.ship_ts", true, 1},
		{"claims", false, -1},
		{"claims.type", false, 0},
	}
	for _, tc := range tests {
		needs, err := ParseNeeds(tc.need)
		if err != nil {
			t.Fatalf("%s: %v", tc.need, err)
		}
		if got := c.Has(needs[0]); got != tc.has {
			t.Errorf("Has(%s) = %v, want %v", tc.need, got, tc.has)
		}
		if tc.pres >= 0 {
			if got := c.Fields[needs[0].Table+"."+needs[0].Columns[0]].Present; len(needs[0].Columns) > 0 && got != tc.pres {
				t.Errorf("%s present %d, want %d", tc.need, got, tc.pres)
			}
		}
	}
	needs, _ := ParseNeeds("claims.type, return_lines.processed_ts, claims.amount, return_lines.received_ts")
	miss := c.Missing(needs)
	if got := []string{miss[0].String(), miss[1].String()}; len(miss) != 2 || !slices.Equal(got, []string{"claims", "return_lines.processed_ts"}) {
		t.Errorf("Missing = %v", miss)
	}
	if h := miss[1].Hint(); h != "`processed_ts` on return lines; map it in your returns mapping" {
		t.Errorf("hint %q", h)
	}
	// Per week: the return week of r3 and r4 has both received.
	var rows, present int64
	if err := w.QueryRow(ctx, `SELECT rows, present FROM field_coverage WHERE table_name = 'return_lines' AND field = 'received_ts' AND week_start = DATE '2026-03-16'`).Scan(&rows, &present); err != nil {
		t.Fatal(err)
	}
	if rows != 2 || present != 2 {
		t.Errorf("week 2026-03-16 received_ts %d/%d, want 2/2", present, rows)
	}
}

func TestParseNeedsRefuses(t *testing.T) {
	for _, s := range []string{"returns.site", "return_lines.colour", "claims.type|colour"} {
		if _, err := ParseNeeds(s); !errors.Is(err, ErrBadNeed) {
			t.Errorf("ParseNeeds(%q) = %v, want ErrBadNeed", s, err)
		}
	}
}
