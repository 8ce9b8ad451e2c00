package warehouse

import (
	"context"
	"maps"
	"path/filepath"
	"testing"
)

// The stored coverage equals the measured one while the tables are
// unchanged, and is measured again after a load adds, replaces or deletes
// rows.
func TestCoverageStored(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { w.Close() }()
	exec := func(q string) {
		t.Helper()
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO products (sku, category, weight_kg, run_id) VALUES ('a', 'jeans', 0, 1), ('b', ' ', 0.5, 1)`)
	exec(`INSERT INTO return_lines (return_id, sku, qty, requested_ts, received_ts, site, run_id) VALUES
		('r1', 'a', 1, '2026-03-10', '2026-03-11', 'north', 1), ('r2', 'b', 1, '2026-03-10', NULL, '', 1)`)
	live, err := ReadCoverage(ctx, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	if live.stored {
		t.Fatal("nothing stored yet, but the coverage says it was read from the store")
	}
	if err := SaveCoverage(ctx, w, live); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCoverage(ctx, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !got.stored {
		t.Fatal("unchanged tables: the coverage was measured again instead of read from the store")
	}
	if !maps.Equal(got.Rows, live.Rows) || !maps.Equal(got.Fields, live.Fields) {
		t.Errorf("stored coverage differs from the measured one:\n%v %v\n%v %v", got.Rows, got.Fields, live.Rows, live.Fields)
	}
	// A reader opening the file after the writer closed it (DuckDB
	// checkpoints then, rewriting what it stores) still finds it.
	for _, ro := range []bool{true, false} {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if w, err = Open(ctx, path, Options{ReadOnly: ro}); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadCoverage(ctx, w, 0); err != nil || !got.stored {
			t.Fatalf("reopened (read-only %v): stored %v, %v", ro, got != nil && got.stored, err)
		}
	}
	for _, change := range []struct {
		what, sql string
		check     func(c *Coverage) bool
	}{
		{"a load adds a return line", `INSERT INTO return_lines (return_id, sku, qty, requested_ts, site, run_id) VALUES ('r3', 'a', 1, '2026-03-17', 'south', 2)`,
			func(c *Coverage) bool {
				return c.Rows["return_lines"] == 3 && c.Fields["return_lines.site"].Present == 2
			}},
		{"a re-load replaces a product", `DELETE FROM products WHERE sku = 'b'; INSERT INTO products (sku, category, weight_kg, run_id) VALUES ('b', 'shirts', 0.5, 3)`,
			func(c *Coverage) bool { return c.Fields["products.category"].Present == 2 }},
		{"rows are deleted", `DELETE FROM return_lines WHERE return_id = 'r1'`,
			func(c *Coverage) bool {
				return c.Rows["return_lines"] == 2 && c.Fields["return_lines.site"].Present == 1
			}},
		{"a migration is applied", `INSERT INTO schema_migrations (version, name) VALUES (999, '999_test.sql')`,
			func(c *Coverage) bool { return c.Rows["return_lines"] == 2 }},
	} {
		exec(change.sql)
		c, err := ReadCoverage(ctx, w, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.stored || !change.check(c) {
			t.Errorf("%s: coverage stored %v, rows %v, fields %v", change.what, c.stored, c.Rows, c.Fields)
		}
		if err := SaveCoverage(ctx, w, c); err != nil {
			t.Fatal(err)
		}
		if again, err := ReadCoverage(ctx, w, 0); err != nil || !again.stored || !maps.Equal(again.Fields, c.Fields) {
			t.Errorf("%s: stored again, read back stored=%v err=%v", change.what, again != nil && again.stored, err)
		}
	}
	var n int
	if err := w.QueryRow(ctx, `SELECT count(DISTINCT state) FROM field_coverage_stored`).Scan(&n); err != nil || n != 1 {
		t.Errorf("field_coverage_stored holds %d states (%v), want one", n, err)
	}
}
