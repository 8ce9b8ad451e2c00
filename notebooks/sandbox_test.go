package notebooks

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// TestCellsCannotLeaveTheWarehouse runs hostile cells through Render: each is
// refused with a clear message and no file is written or read.
func TestCellsCannotLeaveTheWarehouse(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.csv")
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("top secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, sql, want string
	}{
		{"read_text", "SELECT * FROM read_text('/etc/hostname')", "not files"},
		{"read_text of a file of ours", "SELECT content FROM read_text('" + secret + "')", "not files"},
		{"read_csv", "SELECT * FROM read_csv('" + secret + "')", "not files"},
		{"copy to", "COPY (SELECT 42) TO '" + target + "'", "COPY statements are not allowed"},
		{"copy after a select", "SELECT 1; COPY (SELECT 42) TO '" + target + "'", "2 statements"},
		{"copy in a comment is fine, then copy", "/* ; */ SELECT 1 -- ;\n; COPY (SELECT 42) TO '" + target + "'", "2 statements"},
		{"attach", "ATTACH '" + filepath.Join(dir, "x.duckdb") + "' AS x", "ATTACH statements are not allowed"},
		{"install", "INSTALL httpfs", "INSTALL statements are not allowed"},
		{"set", "SET enable_external_access = true", "SET statements are not allowed"},
		{"pragma", "PRAGMA version", "PRAGMA statements are not allowed"},
		{"create", "CREATE TABLE t AS SELECT 1", "CREATE statements are not allowed"},
		{"http", "SELECT * FROM read_csv('https://example.com/x.csv')", "not files"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := openSandboxed(t)
			src := "# Hostile\n```sql\n" + c.sql + "\n```\n"
			var buf bytes.Buffer
			err := Render(context.Background(), w, "hostile.md", []byte(src), &buf, DefaultOptions())
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want ErrRefused mentioning %q, got %v", c.want, err)
			}
			if strings.Contains(buf.String(), "top secret") {
				t.Fatal("the page shows the file's content")
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Fatalf("COPY wrote %s", target)
			}
		})
	}
}

// TestSandboxHoldsWithoutTheStatementCheck: the DuckDB settings alone refuse
// file access and cannot be switched back on.
func TestSandboxHoldsWithoutTheStatementCheck(t *testing.T) {
	ctx := context.Background()
	w := openSandboxed(t)
	target := filepath.Join(t.TempDir(), "out.csv")
	for _, q := range []string{
		"COPY (SELECT 42) TO '" + target + "'",
		"SELECT * FROM read_text('/etc/hostname')",
		"SET enable_external_access = true",
		"SET lock_configuration = false",
	} {
		if _, err := w.Exec(ctx, q); err == nil {
			t.Errorf("sandboxed warehouse ran %s", q)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("COPY wrote %s", target)
	}
	if ok, err := sandboxed(ctx, w); err != nil || !ok {
		t.Fatalf("sandboxed = %v, %v", ok, err)
	}
}

func TestOpenIsReadOnlyAndSandboxed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	rw, err := warehouse.Open(ctx, path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	nb, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer nb.Close()
	if _, err := nb.Exec(ctx, "CREATE TABLE x AS SELECT 1"); err == nil {
		t.Error("notebook warehouse accepted a write")
	}
	if ok, err := sandboxed(ctx, nb); err != nil || !ok {
		t.Fatalf("sandboxed = %v, %v", ok, err)
	}
}

func TestRenderRefusesAnOpenWarehouse(t *testing.T) {
	w := openSeeded(t)
	var buf bytes.Buffer
	err := Render(context.Background(), w, "x.md", []byte("```sql\nSELECT 1\n```\n"), &buf, DefaultOptions())
	if !errors.Is(err, ErrNotSandboxed) {
		t.Fatalf("want ErrNotSandboxed, got %v", err)
	}
}

func TestStatements(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		kw   string
		fail bool
	}{
		{"SELECT 1", 1, "SELECT", false},
		{"select ';' AS a;", 1, "SELECT", false},
		{"-- note; more\nWITH a AS (SELECT 1) SELECT * FROM a", 1, "WITH", false},
		{"(SELECT 1) UNION (SELECT 2)", 1, "SELECT", false},
		{"SELECT 'it''s; fine', \"odd;name\" FROM t", 1, "SELECT", false},
		{"FROM carbon_factors", 1, "FROM", false},
		{"SELECT 1;;SELECT 2", 2, "SELECT", true},
		{"  ", 0, "", true},
		{"copy t to 'x'", 1, "COPY", true},
		{"EXPLAIN ANALYZE COPY (SELECT 1) TO 'x'", 1, "EXPLAIN", true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			st := statements(c.in)
			if len(st) != c.n {
				t.Fatalf("%d statements %q, want %d", len(st), st, c.n)
			}
			if c.n > 0 && firstKeyword(st[0]) != c.kw {
				t.Errorf("keyword %q, want %q", firstKeyword(st[0]), c.kw)
			}
			if err := checkStatement(c.in); (err != nil) != c.fail {
				t.Errorf("checkStatement = %v, want failure %v", err, c.fail)
			}
		})
	}
}

func TestCheckCells(t *testing.T) {
	src := "# Checks\n## Check A: nothing negative\n```sql check\nSELECT * FROM (VALUES (1), (-2), (-3)) v(x) WHERE x < 0\n```\n" +
		"## Check B: passes\n```sql check\nSELECT 1 WHERE false\n```\n"
	w := openSandboxed(t)
	var buf bytes.Buffer
	err := Render(context.Background(), w, "checks.md", []byte(src), &buf, DefaultOptions())
	if !errors.Is(err, ErrCheckFailed) || errors.Is(err, ErrCellsFailed) {
		t.Fatalf("want ErrCheckFailed only, got %v", err)
	}
	if !strings.Contains(err.Error(), `"Check A: nothing negative" returned 2 rows`) || strings.Contains(err.Error(), "Check B") {
		t.Errorf("error does not name the failing check alone: %v", err)
	}
	page := buf.String()
	if !strings.Contains(page, `class="check failed"`) || !strings.Contains(page, `class="check passed"`) {
		t.Errorf("page does not mark the checks")
	}
	buf.Reset()
	if err := Render(context.Background(), w, "ok.md", []byte("## Check\n```sql check\nSELECT 1 WHERE false\n```\n"), &buf, DefaultOptions()); err != nil {
		t.Fatalf("passing check reported %v", err)
	}
}

func TestProtocolRelativeLinksDropped(t *testing.T) {
	for _, href := range []string{"//evil.example/x", `\\evil.example`, `/\evil.example`, " //evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "file:///etc/passwd"} {
		got := string(Markdown("[click](" + href + ")"))
		if strings.Contains(got, "<a") || strings.Contains(got, "evil") && strings.Contains(got, "href") {
			t.Errorf("%q kept as a link: %s", href, got)
		}
		if !strings.Contains(got, "click") {
			t.Errorf("%q: link text lost: %s", href, got)
		}
	}
	for _, href := range []string{"https://example.com/a", "docs/carbon.md", "/abs/path.html", "#section", "mailto:a@b.c"} {
		if got := string(Markdown("[ok](" + href + ")")); !strings.Contains(got, `<a href="`) {
			t.Errorf("%q dropped: %s", href, got)
		}
	}
}

// TestShippedNotebooksSpeakToUsers: the shipped notebooks are user-facing
// files; they cite published sources, never the documents the product was
// specified from.
func TestShippedNotebooksSpeakToUsers(t *testing.T) {
	nbs, names, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`(?i)%!|\bseed\b|domain\.md`)
	for _, n := range names {
		if m := bad.Find(nbs[n]); m != nil {
			t.Errorf("%s holds %q", n, m)
		}
	}
}
