package warehouse

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"products", "order_lines", "return_lines", "claims", "load_runs", "quarantine"} {
		var n int
		if err := w.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var v int
	if err := w.QueryRow(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() {
		t.Errorf("schema version %d, want %d", v, SchemaVersion())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w2.Close()
	var n int
	if err := w2.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n == 0 {
		t.Fatalf("migrations recorded: %d %v", n, err)
	}
}

func TestWeeklyViews(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = w.Exec(ctx, `INSERT INTO order_lines(order_id,line_id,order_ts,ship_ts,sku,qty,run_id) VALUES
		('o1','1','2026-01-01','2026-01-02','A',2,1), ('o2','1','2026-01-03','2026-01-04 10:00','A',3,1),
		('o3','1','2026-01-05','2026-01-05','A',1,1)`)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := w.Query(ctx, `SELECT iso_week, units FROM weekly_shipped ORDER BY iso_week`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := [][2]any{{"2026-W01", int64(5)}, {"2026-W02", int64(1)}}
	i := 0
	for rows.Next() {
		var wk string
		var u int64
		if err := rows.Scan(&wk, &u); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) || wk != want[i][0] || u != want[i][1] {
			t.Errorf("row %d = %s %d, want %v", i, wk, u, want)
		}
		i++
	}
	if i != len(want) {
		t.Errorf("got %d rows, want %d", i, len(want))
	}
}

// TestLockedErrorMapping: DuckDB's lock message becomes ErrLocked (a real
// second process is in lock_test.go).
func TestLockedErrorMapping(t *testing.T) {
	err := openError("w.duckdb", errors.New(`IO Error: Could not set lock on file "x": Conflicting lock is held in /bin/retour (PID 12)`))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("openError = %v, want ErrLocked", err)
	}
	if err := openError("w.duckdb", errors.New("some other failure")); errors.Is(err, ErrLocked) {
		t.Fatalf("openError mapped an unrelated error to ErrLocked: %v", err)
	}
}
