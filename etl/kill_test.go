package etl

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// TestKillMidLoad kills a real loading process with SIGKILL part-way through a
// large file: the warehouse must open afterwards without any row of that file,
// and loading the file again must complete it.
func TestKillMidLoad(t *testing.T) {
	if path := os.Getenv("RETOUR_TEST_CHILD_LOAD"); path != "" {
		childLoad(path, os.Getenv("RETOUR_TEST_CHILD_DB"))
		return
	}
	if testing.Short() {
		t.Skip("writes a large file")
	}
	dir := t.TempDir()
	const n = 1_500_000
	big := filepath.Join(dir, "order_lines_big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("order_id,line_id,order_ts,ship_ts,sku,qty,unit_price,country\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(bw, "B%d,1,2026-01-%02d 10:00:00,2026-01-%02d 12:00:00,SKU%d,%d,%d.5,FR\n", i, 1+i%28, 1+i%28, i%500, 1+i%3, i%90)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A first load goes straight into the empty table; a later one through staging.
	for _, tc := range []struct {
		name, earlier string
		earlierRows   int64
	}{
		{"empty table", "products.csv", 0},
		{"loaded table", "order_lines.csv", 2},
	} {
		t.Run(tc.name, func(t *testing.T) { killAndReload(t, big, n, tc.earlier, tc.earlierRows) })
	}
}

func killAndReload(t *testing.T, big string, n int64, earlier string, earlierOrders int64) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := ordersCSV
	if earlier == "products.csv" {
		data = "sku,name\nA,Jean\nB,Phone\n"
	}
	if _, err := LoadFile(ctx, w, write(t, dir, earlier, []byte(data)), Options{}); err != nil {
		t.Fatal(err)
	}
	before := checksums(t, w)
	w.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidLoad$")
	cmd.Env = append(os.Environ(), "RETOUR_TEST_CHILD_LOAD="+big, "RETOUR_TEST_CHILD_DB="+db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killedAt := int64(-1)
	deadline := time.Now().Add(2 * time.Minute)
	for sc.Scan() && time.Now().Before(deadline) {
		if rows, ok := strings.CutPrefix(sc.Text(), "rows "); ok {
			r, _ := strconv.ParseInt(rows, 10, 64)
			if r >= n/3 {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killedAt = r
				break
			}
		}
	}
	_ = cmd.Wait()
	if killedAt < 0 {
		t.Fatal("the child finished or stalled before it could be killed")
	}
	t.Logf("killed the loader after %d of %d rows", killedAt, n)

	w, err = warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		t.Fatalf("warehouse does not open after the kill: %v", err)
	}
	defer w.Close()
	if w.InterruptedRuns() != 1 || countRows(t, w, `SELECT count(*) FROM load_runs WHERE status = 'failed' AND message = ?`, warehouse.InterruptedMessage) != 1 {
		t.Errorf("the killed load's run is not marked failed as interrupted (%d marked on open)", w.InterruptedRuns())
	}
	if got := countRows(t, w, `SELECT count(*) FROM load_runs WHERE status = 'running'`); got != 0 {
		t.Errorf("%d load runs still running after reopening", got)
	}
	if got := countRows(t, w, `SELECT count(*) FROM order_lines WHERE order_id LIKE 'B%'`); got != 0 {
		t.Fatalf("%d rows of the interrupted file are in the warehouse", got)
	}
	if got := countRows(t, w, `SELECT count(*) FROM order_lines`); got != earlierOrders {
		t.Fatalf("order lines after the kill: %d, want %d", got, earlierOrders)
	}
	after := checksums(t, w)
	for k := range before {
		if before[k] != after[k] {
			t.Errorf("%s changed by the killed load", k)
		}
	}
	s, err := LoadFile(ctx, w, big, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inserted != n || s.Quarantined != 0 {
		t.Fatalf("re-run: %+v", s.Counts)
	}
}

func childLoad(path, db string) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	opts := Options{Progress: func(_ string, _, _, rows int64) { fmt.Printf("rows %d\n", rows) }}
	if _, err := LoadFile(ctx, w, path, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("done")
	os.Exit(0)
}
