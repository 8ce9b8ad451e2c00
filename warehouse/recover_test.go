package warehouse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecoverInterruptedLoad: rows of a run left 'running' (a load killed
// during its commit) and rows naming a run id that was handed out but never
// recorded are removed on open; ok runs keep their rows; the run is 'failed'.
func TestRecoverInterruptedLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`SELECT nextval('load_run_seq'), nextval('load_run_seq'), nextval('load_run_seq')`,
		`INSERT INTO load_runs(run_id, source, entity, started_at, status) VALUES
			(1, 'a.csv', 'order_lines', now(), 'ok'), (2, 'b.csv', 'order_lines', now(), 'running')`,
		`INSERT INTO order_lines(order_id, line_id, order_ts, sku, qty, run_id) VALUES
			('o1', '1', '2026-01-01', 'A', 1, 1), ('o2', '1', '2026-01-01', 'A', 1, 2), ('o3', '1', '2026-01-01', 'A', 1, 3),
			('o4', '1', '2026-01-01', 'A', 1, 99)`,
		`INSERT INTO quarantine(run_id, file, entity, line, reason) VALUES (2, 'b.csv', 'order_lines', 3, 'x')`,
	} {
		if _, err := w.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var ids string
	if err := w.QueryRow(ctx, `SELECT string_agg(order_id, ',' ORDER BY order_id) FROM order_lines`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	// o2 (running run) and o3 (handed-out id, no run row) go; o4's id was never
	// handed out by the loader (written by something else) and stays.
	if ids != "o1,o4" {
		t.Errorf("order lines after recovery: %s, want o1,o4", ids)
	}
	var q, status, msg string
	if err := w.QueryRow(ctx, `SELECT (SELECT count(*) FROM quarantine)::VARCHAR, status, message FROM load_runs WHERE run_id = 2`).Scan(&q, &status, &msg); err != nil {
		t.Fatal(err)
	}
	if q != "0" || status != "failed" || msg != InterruptedMessage {
		t.Errorf("quarantine rows %s, run 2 %s %q", q, status, msg)
	}
}

// TestOpenNotADatabase: a SQLite file or plain text given as the warehouse
// is refused as such; no extension is fetched to read it.
func TestOpenNotADatabase(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"sqlite.db": "SQLite format 3\x00" + strings.Repeat("\x00", 4096),
		"text.db":   "order_id,line_id\n" + strings.Repeat("o1,1\n", 1000),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(context.Background(), p, Options{})
		if !errors.Is(err, ErrNotDuckDB) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want ErrNotDuckDB naming the file", name, err)
		}
	}
}

// TestExtensionsNotAutoLoaded: nothing is downloaded or loaded implicitly.
func TestExtensionsNotAutoLoaded(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, name := range []string{"autoinstall_known_extensions", "autoload_known_extensions"} {
		var v bool
		if err := w.QueryRow(ctx, `SELECT current_setting('`+name+`')`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v {
			t.Errorf("%s is on", name)
		}
	}
	// a function of a known but unloaded extension fails instead of fetching it
	if _, err := w.Exec(ctx, `SELECT * FROM read_xlsx('nothing.xlsx')`); err == nil {
		t.Error("read_xlsx ran: an extension was loaded implicitly")
	}
}

// TestRecoverReplacedRows: rows a re-load marked replaced_by are restored when
// that run never reached 'ok' (killed during its commit) and deleted when it
// did (killed between its commit and the purge of the rows it replaced).
func TestRecoverReplacedRows(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		status string // of the re-load run 3
		want   string // order lines and quarantine lines after recovery
	}{
		{"running", "o1:1,o2:1,o3:1 q5"},
		{"ok", "o1:1,o2:3,o4:3 q7"},
	} {
		t.Run(tc.status, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.duckdb")
			w, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`SELECT nextval('load_run_seq'), nextval('load_run_seq'), nextval('load_run_seq')`,
				`INSERT INTO load_runs(run_id, source, entity, started_at, status) VALUES
					(1, 'a.csv', 'order_lines', now(), 'ok'), (3, 'a.csv', 'order_lines', now(), '` + tc.status + `')`,
				// run 1 loaded o1..o3; re-load run 3 replaced o2 (and marked o3) and added o4
				`INSERT INTO order_lines(order_id, line_id, order_ts, sku, qty, run_id, replaced_by) VALUES
					('o1', '1', '2026-01-01', 'A', 1, 1, NULL), ('o2', '1', '2026-01-01', 'A', 1, 1, 3),
					('o3', '1', '2026-01-01', 'A', 1, 1, 3), ('o2', '1', '2026-01-01', 'A', 2, 3, NULL),
					('o4', '1', '2026-01-01', 'A', 2, 3, NULL)`,
				`INSERT INTO quarantine(run_id, file, entity, line, reason, replaced_by) VALUES
					(1, 'a.csv', 'order_lines', 5, 'x', 3), (3, 'a.csv', 'order_lines', 7, 'y', NULL)`,
			} {
				if _, err := w.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			w, err = Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			var got string
			err = w.QueryRow(ctx, `SELECT (SELECT string_agg(order_id || ':' || run_id, ',' ORDER BY order_id) FROM order_lines)
				|| ' ' || (SELECT string_agg('q' || line, ',') FROM quarantine)
				|| (SELECT CASE WHEN count(*) > 0 THEN ' replaced rows left' ELSE '' END FROM order_lines WHERE replaced_by IS NOT NULL)`).Scan(&got)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("after recovery: %s, want %s", got, tc.want)
			}
		})
	}
}
