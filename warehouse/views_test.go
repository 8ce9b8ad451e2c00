package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestViews checks the derived facts on hand-written rows: the return week
// rule, 'unknown' for missing site and category, processing hours, ship weeks.
func TestViews(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`INSERT INTO products (sku, category, sector, run_id) VALUES ('A', ' shoes ', 'Home Goods', 1), ('B', '', NULL, 1)`,
		`INSERT INTO order_lines (order_id, line_id, order_ts, ship_ts, sku, qty, channel, run_id) VALUES
		   ('o1', '1', '2026-09-20', '2026-09-27 23:00', 'A', 2, ' web ', 1),
		   ('o2', '1', '2026-09-20', NULL, 'B', 1, NULL, 1)`,
		`INSERT INTO return_lines (return_id, order_id, line_id, sku, qty, requested_ts, received_ts, processed_ts, site, run_id) VALUES
		   ('r1', 'o1', '1', 'A', 1, '2026-09-30', '2026-10-05 08:00', '2026-10-06 20:00', ' LYON ', 1),
		   ('r2', 'o2', '1', 'B', 1, '2026-10-04', NULL, NULL, '', 1),
		   ('r3', NULL, NULL, 'Z', 1, NULL, '2026-10-01 10:00', '2026-10-01 09:00', NULL, 1)`,
	} {
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	type row struct {
		id, site, cat, sector, week, iso string
		hours                            sql.NullFloat64
	}
	want := map[string]row{
		"r1": {"r1", "LYON", "shoes", "home_goods", "2026-10-05", "2026-W41", sql.NullFloat64{Float64: 36, Valid: true}},
		"r2": {"r2", Unknown, Unknown, Unknown, "2026-09-28", "2026-W40", sql.NullFloat64{}},
		"r3": {"r3", Unknown, Unknown, Unknown, "2026-09-28", "2026-W40", sql.NullFloat64{}},
	}
	rows, err := w.Query(ctx, `SELECT return_id, site, category, sector, week_start::VARCHAR, iso_week, processing_hours FROM v_return_lines`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.site, &r.cat, &r.sector, &r.week, &r.iso, &r.hours); err != nil {
			t.Fatal(err)
		}
		if r != want[r.id] {
			t.Errorf("v_return_lines %s = %+v, want %+v", r.id, r, want[r.id])
		}
		n++
	}
	if err := rows.Err(); err != nil || n != len(want) {
		t.Fatalf("%d rows, %v", n, err)
	}
	var shipWeek, channel string
	var rid int64
	if err := w.QueryRow(ctx, `SELECT s.ship_week::VARCHAR, s.channel, s.return_rowid FROM v_return_shipments s`).Scan(&shipWeek, &channel, &rid); err != nil {
		t.Fatal(err)
	}
	var back string
	if err := w.QueryRow(ctx, `SELECT return_id FROM return_lines WHERE rowid = ?`, rid).Scan(&back); err != nil || back != "r1" {
		t.Fatalf("return_rowid %d -> %q, %v", rid, back, err)
	}
	if shipWeek != "2026-09-21" || channel != "web" {
		t.Errorf("v_return_shipments: ship week %s channel %s", shipWeek, channel)
	}
	var units int64
	if err := w.QueryRow(ctx, `SELECT sum(units) FROM weekly_returned WHERE iso_week = '2026-W40'`).Scan(&units); err != nil || units != 2 {
		t.Errorf("weekly_returned 2026-W40 = %d, %v; want 2", units, err)
	}
	if err := w.QueryRow(ctx, `SELECT count(*) FROM weekly_shipped`).Scan(&units); err != nil || units != 1 {
		t.Errorf("weekly_shipped rows = %d, %v; want 1 (unshipped lines have no ship week)", units, err)
	}
}

func TestClaimsView(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(ctx, `INSERT INTO claims (claim_id, carrier, opened_ts, closed_ts, type, resolution, run_id) VALUES
		('c1', ' DHL ', '2026-10-04 10:00', '2026-10-06 10:00', ' Transport ', NULL, 1),
		('c2', '', '2026-10-05 09:00', NULL, NULL, 'refund', 1)`); err != nil {
		t.Fatal(err)
	}
	rows, err := w.Query(ctx, `SELECT claim_id, type, resolution, carrier, open_iso_week, COALESCE(close_week::VARCHAR, ''), days_to_close FROM v_claims ORDER BY claim_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := []string{"c1 transport unknown DHL 2026-W40 2026-10-05 2", "c2 unknown refund unknown 2026-W41  -1"}
	i := 0
	for rows.Next() {
		var id, typ, res, car, wk, closed string
		var days sql.NullFloat64
		if err := rows.Scan(&id, &typ, &res, &car, &wk, &closed, &days); err != nil {
			t.Fatal(err)
		}
		d := -1.0
		if days.Valid {
			d = days.Float64
		}
		got := fmt.Sprintf("%s %s %s %s %s %s %g", id, typ, res, car, wk, closed, d)
		if i >= len(want) || got != want[i] {
			t.Errorf("row %d = %q, want %q", i, got, want[min(i, len(want)-1)])
		}
		i++
	}
	if err := rows.Err(); err != nil || i != 2 {
		t.Fatalf("%d rows, %v", i, err)
	}
}
