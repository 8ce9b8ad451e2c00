package etl

import (
	"context"
	"fmt"
	"testing"
)

// TestRawOfLateRejects: rows rejected after staging (repeated keys) far apart
// in a file of several read marks get their own raw text, with a BOM and a
// quoted field spanning lines before them.
func TestRawOfLateRejects(t *testing.T) {
	ctx := context.Background()
	const n = 3*markEvery + 100
	b := []byte("\xef\xbb\xbforder_id,line_id,order_ts,sku,qty,unit_price,channel\n")
	b = append(b, "Q0,1,2026-01-01 10:00:00,SKU1,1,1.5,\"web\nshop\"\n"...)
	dups := map[int]bool{10: true, markEvery + 7: true, 2*markEvery - 1: true, 3*markEvery + 50: true}
	for i := 1; i < n; i++ {
		id := i
		if dups[i] {
			id = i - 3
		}
		b = fmt.Appendf(b, "Q%d,1,2026-01-%02d 10:00:00,SKU%d,%d,%d.5,web\n", id, 1+i%28, i%50, 1+i%3, i%90)
	}
	w := openTest(t)
	s, err := LoadFile(ctx, w, write(t, t.TempDir(), "order_lines.csv", b), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Quarantined != int64(len(dups)) {
		t.Fatalf("quarantined %d, want %d", s.Quarantined, len(dups))
	}
	rows, err := w.Query(ctx, `SELECT line, raw FROM quarantine ORDER BY line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int64
		var raw string
		if err := rows.Scan(&line, &raw); err != nil {
			t.Fatal(err)
		}
		i := int(line) - 3 // header line 1, Q0 on lines 2-3
		want := fmt.Sprintf("Q%d,1,2026-01-%02d 10:00:00,SKU%d,%d,%d.5,web", i-3, 1+i%28, i%50, 1+i%3, i%90)
		if !dups[i] || raw != want {
			t.Errorf("line %d: raw %q, want %q", line, raw, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
