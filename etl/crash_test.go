package etl

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// TestKillAtCommit kills a first load at its commit point ten times (when the
// write-ahead log first grows after the load announced its COMMIT, or at once
// on some rounds): after each kill no row may exist without an ok load_runs
// row, and loading the file again completes it.
func TestKillAtCommit(t *testing.T) {
	if path := os.Getenv("RETOUR_TEST_COMMIT_LOAD"); path != "" {
		childCommitLoad(path, os.Getenv("RETOUR_TEST_CHILD_DB"))
		return
	}
	if testing.Short() {
		t.Skip("starts ten loading processes")
	}
	dir := t.TempDir()
	const n = 20000
	var sb []byte
	sb = append(sb, "order_id,line_id,order_ts,ship_ts,sku,qty,unit_price\n"...)
	for i := 0; i < n; i++ {
		sb = fmt.Appendf(sb, "K%d,1,2026-01-%02d 10:00:00,2026-01-%02d 12:00:00,SKU%d,%d,%d.5\n", i, 1+i%28, 1+i%28, i%50, 1+i%3, i%90)
	}
	src := write(t, dir, "order_lines.csv", sb)
	ctx := context.Background()
	killed, committed := 0, 0
	for round := 0; round < 10; round++ {
		db := filepath.Join(dir, fmt.Sprintf("w%d.duckdb", round))
		w, err := warehouse.Open(ctx, db, warehouse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		if killAtCommit(t, src, db, round%3 == 0) {
			killed++
		}
		w, err = warehouse.Open(ctx, db, warehouse.Options{})
		if err != nil {
			t.Fatalf("round %d: warehouse does not open after the kill: %v", round, err)
		}
		orphans := countRows(t, w, `SELECT count(*) FROM order_lines WHERE run_id NOT IN (SELECT run_id FROM load_runs WHERE status = 'ok')`)
		kept := countRows(t, w, `SELECT count(*) FROM order_lines`)
		if orphans != 0 || (kept != 0 && kept != n) {
			w.Close()
			t.Fatalf("round %d: %d rows without an ok run, %d rows kept (want 0 or %d)", round, orphans, kept, n)
		}
		if kept == n {
			committed++
		}
		s, err := LoadFile(ctx, w, src, Options{})
		if err != nil {
			w.Close()
			t.Fatalf("round %d: re-run: %v", round, err)
		}
		if got := countRows(t, w, `SELECT count(*) FROM order_lines`); got != n || s.Inserted+s.Unchanged != n {
			t.Fatalf("round %d: re-run left %d rows (%+v), want %d", round, got, s.Counts, n)
		}
		w.Close()
	}
	t.Logf("10 loads: %d killed before exiting; after recovery %d had committed whole, %d left nothing", killed, committed, 10-committed)
	if killed < 8 {
		t.Fatalf("only %d of 10 loads were killed before they finished", killed)
	}
}

// killAtCommit runs a loading child and kills it once it announced its COMMIT
// and the WAL grew (or at once when now). It reports whether the child was
// killed before it exited by itself.
func killAtCommit(t *testing.T, src, db string, now bool) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillAtCommit$")
	cmd.Env = append(os.Environ(), "RETOUR_TEST_COMMIT_LOAD="+src, "RETOUR_TEST_CHILD_DB="+db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "commit" {
	}
	wal := db + ".wal"
	size := func() int64 {
		if st, err := os.Stat(wal); err == nil {
			return st.Size()
		}
		return -1
	}
	before := size()
	deadline := time.Now().Add(5 * time.Second)
	for !now && size() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond) // leave the CPU to the child
	}
	if err := cmd.Process.Kill(); err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, out)
	err = cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	return ok && !ee.Exited()
}

func childCommitLoad(path, db string) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	commitHook = func() { fmt.Println("commit") }
	if _, err := LoadFile(ctx, w, path, Options{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}
