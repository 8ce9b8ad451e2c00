package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func tableCounts(t *testing.T, e *env) string {
	t.Helper()
	var out []string
	for _, tb := range []string{"products", "order_lines", "return_lines", "claims", "kpi_snapshots", "forecasts"} {
		var n int64
		if err := e.w.QueryRow(context.Background(), "SELECT count(*) FROM "+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", tb, n))
	}
	return strings.Join(out, " ")
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestInbox drops a valid file, a bad file and the valid file again into a
// watched inbox on a real warehouse with the real pipeline.
func TestInbox(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); e.s.inboxLoop(ctx) }()
	defer func() { cancel(); <-done }()
	in := e.cfg.Inbox.Dir
	index := filepath.Join(e.cfg.ReportsDir, "index.html")
	before, err := os.Stat(index)
	if err != nil {
		t.Fatal(err)
	}

	// A valid products file, written at once with its .done marker.
	valid := "sku,name,category,sector\nNEW-SKU-1,Inbox jacket,jackets,fashion\n"
	if err := os.WriteFile(filepath.Join(in, "products_new.csv"), []byte(valid), 0o644); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	waitFor(t, 30*time.Second, "products_new.csv loaded and packs refreshed", func() bool {
		var n int
		_ = e.w.QueryRow(ctx, `SELECT count(*) FROM serve_runs WHERE kind = 'inbox' AND status = 'ok'`).Scan(&n)
		return n == 1
	})
	t.Logf("valid file in the warehouse and the packs after %.1fs", time.Since(t0).Seconds())
	var name string
	if err := e.w.QueryRow(ctx, `SELECT name FROM products WHERE sku = 'NEW-SKU-1'`).Scan(&name); err != nil || name != "Inbox jacket" {
		t.Fatalf("product not loaded: %q %v", name, err)
	}
	after, _ := os.Stat(index)
	if !after.ModTime().After(before.ModTime()) {
		t.Error("packs were not refreshed after the load")
	}
	if !exists(filepath.Join(in, "archive", "products_new.csv")) || exists(filepath.Join(in, "products_new.csv")) {
		t.Error("loaded file not moved to archive/")
	}

	// A file that cannot be loaded changes no table and lands in failed/.
	counts := tableCounts(t, e)
	if err := os.WriteFile(filepath.Join(in, "mystery.csv"), []byte("foo;bar\n1;2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errTxt := filepath.Join(in, "failed", "mystery.csv.error.txt")
	waitFor(t, 30*time.Second, "mystery.csv refused", func() bool { return exists(errTxt) })
	b, _ := os.ReadFile(errTxt)
	if !contains(string(b), "mystery.csv", "not changed") || !exists(filepath.Join(in, "failed", "mystery.csv")) {
		t.Errorf("error file %q", b)
	}
	if got := tableCounts(t, e); got != counts {
		t.Errorf("a refused file changed the tables:\n%s\n%s", counts, got)
	}

	// The same bytes again: archived, nothing loaded.
	var loads int
	_ = e.w.QueryRow(ctx, `SELECT count(*) FROM load_runs`).Scan(&loads)
	if err := os.WriteFile(filepath.Join(in, "products_again.csv"), []byte(valid), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "products_again.csv archived", func() bool {
		return exists(filepath.Join(in, "archive", "products_again.csv"))
	})
	var loads2, unchanged int
	_ = e.w.QueryRow(ctx, `SELECT count(*) FROM load_runs`).Scan(&loads2)
	_ = e.w.QueryRow(ctx, `SELECT count(*) FROM serve_files WHERE status = 'unchanged'`).Scan(&unchanged)
	if loads2 != loads || unchanged != 1 || tableCounts(t, e) != counts {
		t.Errorf("the same file twice: load runs %d -> %d, unchanged files %d", loads, loads2, unchanged)
	}
}

// TestInboxHalfWritten checks a file still growing is not taken early.
func TestInboxHalfWritten(t *testing.T) {
	dir := t.TempDir()
	in := newInbox(InboxConfig{Dir: dir})
	p := filepath.Join(dir, "order_lines.csv")
	scan := func() []string {
		r, err := in.scan()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if err := os.WriteFile(p, []byte("order_id,line_id,order_ts,sku,qty\nO1,1,2026-11-02"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := scan(); len(r) != 0 {
		t.Fatalf("first sight of a file: taken %v", r)
	}
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString("T10:00:00,SKU-1,1\n")
	_ = f.Close()
	if r := scan(); len(r) != 0 {
		t.Fatalf("file grew since the last scan: taken %v", r)
	}
	if r := scan(); len(r) != 1 || r[0] != "order_lines.csv" {
		t.Fatalf("size stable over two scans: ready %v, want order_lines.csv", r)
	}
	// A .done marker makes a file ready at once; markers and hidden files are never taken.
	_ = os.WriteFile(filepath.Join(dir, "claims.csv"), []byte("x"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "claims.csv.done"), nil, 0o644)
	_ = os.WriteFile(filepath.Join(dir, ".upload-123"), []byte("x"), 0o644)
	if r := scan(); len(r) != 2 || r[0] != "claims.csv" {
		t.Fatalf("ready %v, want claims.csv (marker) and order_lines.csv", r)
	}
}

// TestInboxRecordCap: with inbox.max_record_mb at 1, a file whose third
// line is longer than 1 MiB lands in failed/ with an error naming the file
// and the line, and changes no table; the same line under the default cap
// loads.
func TestInboxRecordCap(t *testing.T) {
	e := newEnv(t, "", nil)
	if e.cfg.Inbox.MaxRecordMB != DefaultMaxRecordMB {
		t.Fatalf("default inbox.max_record_mb = %d", e.cfg.Inbox.MaxRecordMB)
	}
	e.cfg.Inbox.MaxRecordMB = 1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); e.s.inboxLoop(ctx) }()
	defer func() { cancel(); <-done }()
	before := tableCounts(t, e)
	long := "sku,name,category,sector\nCAP-1,short,jackets,fashion\nCAP-2," + strings.Repeat("x", 3<<19) + ",jackets,fashion\n"
	in := e.cfg.Inbox.Dir
	if err := os.WriteFile(filepath.Join(in, "products_long.csv"), []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "products_long.csv.done"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	errFile := filepath.Join(in, "failed", "products_long.csv.error.txt")
	waitFor(t, 30*time.Second, "products_long.csv in failed/", func() bool { return exists(errFile) })
	b, err := os.ReadFile(errFile)
	if err != nil {
		t.Fatal(err)
	}
	if msg := string(b); !contains(msg, "products_long.csv", "line 3", "1048576") {
		t.Errorf("error file says %q; want the file, line 3 and the 1 MiB cap", msg)
	}
	if after := tableCounts(t, e); after != before {
		t.Errorf("tables changed by a refused file:\n%s\n%s", before, after)
	}
	e.cfg.Inbox.MaxRecordMB = DefaultMaxRecordMB
	if err := os.WriteFile(filepath.Join(in, "products_long2.csv"), []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "products_long2.csv.done"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "products_long2.csv archived", func() bool { return exists(filepath.Join(in, "archive", "products_long2.csv")) })
}
