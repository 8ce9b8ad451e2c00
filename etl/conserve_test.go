package etl

import (
	"context"
	"testing"
)

// TestConservationEveryRejection: rows rejected for several reasons at once
// (duplicate and orphan, duplicate of a duplicate, ...) are one quarantine
// row each, and read = inserted + updated + unchanged + quarantined + skipped
// holds, both on a first load (straight into the table) and on a later one
// (through staging).
func TestConservationEveryRejection(t *testing.T) {
	const header = "return_id,order_id,line_id,sku,qty\n"
	rows := "R1,o1,1,A,1\n" + // ok
		"R1,o9,1,A,1\n" + // duplicate and orphan
		"R1,o8,1,A,1\n" + // duplicate (twice) and orphan
		"R2,o9,1,B,1\n" + // orphan
		"R2,o9,1,B,1\n" + // duplicate and orphan
		"R3,o2,1,B,1\n" // ok
	for _, tc := range []struct {
		name    string
		earlier string
	}{
		{"first load", ""},
		{"staged load", header + "R0,o1,1,A,1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openTest(t)
			dir := t.TempDir()
			ctx := context.Background()
			if _, err := LoadFile(ctx, w, write(t, dir, "order_lines.csv", []byte(ordersCSV)), Options{}); err != nil {
				t.Fatal(err)
			}
			if tc.earlier != "" {
				if _, err := LoadFile(ctx, w, write(t, dir, "return_lines_0.csv", []byte(tc.earlier)), Options{}); err != nil {
					t.Fatal(err)
				}
			}
			s, err := LoadFile(ctx, w, write(t, dir, "return_lines.csv", []byte(header+rows)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := s.Counts
			if c.Read != 6 || c.Inserted+c.Updated+c.Unchanged+c.Quarantined+c.Skipped != c.Read || c.Quarantined != 4 {
				t.Fatalf("counts %+v: want 6 read, 4 quarantined, conserved", c)
			}
			if n := countRows(t, w, `SELECT count(DISTINCT line) FROM quarantine WHERE run_id = ?`, s.RunID); n != 4 {
				t.Fatalf("%d distinct quarantined lines, want 4", n)
			}
			if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE run_id = ? AND line = 3 AND reason LIKE '%duplicate%' AND reason LIKE '%unknown order%'`, s.RunID); n != 1 {
				t.Fatalf("line 3 should carry both reasons")
			}
		})
	}
}
