package etl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// TestKillReloadAtCommit kills a re-load (rows changed, rows added, a
// different quarantined row) at its commit point, as TestKillAtCommit does
// for first loads: after each kill every table equals, checksums and lineage
// included, either the state before the re-load or the state a completed
// re-load leaves; never a mix, and no old row is lost.
func TestKillReloadAtCommit(t *testing.T) {
	if path := os.Getenv("RETOUR_TEST_COMMIT_LOAD"); path != "" {
		childCommitLoad(path, os.Getenv("RETOUR_TEST_CHILD_DB"))
		return
	}
	if testing.Short() {
		t.Skip("starts four loading processes")
	}
	dir := t.TempDir()
	const n = 5000
	file := func(changed bool) []byte {
		b := []byte("order_id,line_id,order_ts,ship_ts,sku,qty,unit_price\n")
		for i := 0; i < n; i++ {
			qty := fmt.Sprint(1 + i%3)
			if changed && i%10 == 0 {
				qty = fmt.Sprint(5 + i%3)
			}
			if (!changed && i == 5) || (changed && i == 7) {
				qty = "many"
			}
			b = fmt.Appendf(b, "R%d,1,2026-01-%02d 10:00:00,2026-01-%02d 12:00:00,SKU%d,%s,%d.5\n", i, 1+i%28, 1+i%28, i%50, qty, i%90)
		}
		if changed {
			for i := n; i < n+100; i++ {
				b = fmt.Appendf(b, "R%d,1,2026-02-01 10:00:00,,SKU1,1,3.5\n", i)
			}
		}
		return b
	}
	// The two files share a path, as a re-load of an updated export does.
	first, second := filepath.Join(dir, "v1"), filepath.Join(dir, "v2")
	for _, d := range []string{first, second} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	orig := write(t, first, "order_lines.csv", file(false))
	write(t, second, "order_lines.csv", file(true))
	src := filepath.Join(dir, "order_lines.csv")
	ctx := context.Background()
	prepare := func(db string) map[string]string {
		copyFile(t, orig, src)
		w, err := warehouse.Open(ctx, db, warehouse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if _, err := LoadFile(ctx, w, src, Options{}); err != nil {
			t.Fatal(err)
		}
		copyFile(t, filepath.Join(second, "order_lines.csv"), src)
		return fullChecksums(t, w)
	}
	// The state a completed re-load leaves, in a warehouse of its own.
	ref := filepath.Join(dir, "ref.duckdb")
	before := prepare(ref)
	w, err := warehouse.Open(ctx, ref, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(ctx, w, src, Options{})
	if err != nil || s.Updated != n/10 || s.Inserted != 101 || s.Quarantined != 1 {
		t.Fatalf("reference re-load: %+v, %v", s.Counts, err)
	}
	after := fullChecksums(t, w)
	w.Close()

	killed, committed := 0, 0
	for round := 0; round < 4; round++ {
		db := filepath.Join(dir, fmt.Sprintf("w%d.duckdb", round))
		if got := prepare(db); !sameSums(got, before) {
			t.Fatalf("round %d: the first load differs from the reference", round)
		}
		if killAtCommit(t, src, db, round%3 == 0) {
			killed++
		}
		w, err := warehouse.Open(ctx, db, warehouse.Options{})
		if err != nil {
			t.Fatalf("round %d: warehouse does not open after the kill: %v", round, err)
		}
		got := fullChecksums(t, w)
		w.Close()
		switch {
		case sameSums(got, before):
		case sameSums(got, after):
			committed++
		default:
			t.Fatalf("round %d: after the kill the tables are neither as before the re-load nor as after it:\n got    %v\n before %v\n after  %v", round, got, before, after)
		}
	}
	t.Logf("4 re-loads: %d killed before exiting; after recovery %d had committed whole, %d left the tables as before", killed, committed, 4-committed)
	if killed < 3 {
		t.Fatalf("only %d of 4 re-loads were killed before they finished", killed)
	}
}

func sameSums(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
