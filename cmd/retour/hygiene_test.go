package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// smallWarehouse makes demo data (a few SKUs), loads it and computes KPIs
// once through the CLI; the tests below share it read-only.
var smallWarehouse = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "retour-cli-")
	if err != nil {
		return "", err
	}
	db := filepath.Join(dir, "w.duckdb")
	data := filepath.Join(dir, "data")
	for _, args := range [][]string{
		{"demo-data", "--out", data, "--skus", "6", "--weeks", "30", "--end-week", "2026-W46"},
		{"--db", db, "load", filepath.Join(data, "products.csv"), filepath.Join(data, "order_lines.csv"), filepath.Join(data, "return_lines.csv")},
		{"--db", db, "-q", "kpi"},
	} {
		var out strings.Builder
		if code := run(context.Background(), args, &out, &out); code != exitOK {
			return "", &cliError{args, code, out.String()}
		}
	}
	return db, nil
})

type cliError struct {
	args []string
	code int
	out  string
}

func (e *cliError) Error() string {
	return fmt.Sprintf("retour %s: exit %d\n%s", strings.Join(e.args, " "), e.code, e.out)
}

func sharedDB(t *testing.T) string {
	t.Helper()
	db, err := smallWarehouse()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMain(m *testing.M) {
	code := m.Run()
	if db, err := smallWarehouse(); err == nil && db != "" {
		os.RemoveAll(filepath.Dir(db))
	}
	os.Exit(code)
}

func countRuns(t *testing.T, db string) (n int64) {
	t.Helper()
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM kpi_runs) + (SELECT count(*) FROM forecast_runs) + (SELECT count(*) FROM load_runs)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWeekForms: every command that takes a week accepts the same forms and,
// refusing one, says which forms it accepts.
func TestWeekForms(t *testing.T) {
	db := sharedDB(t)
	out := t.TempDir()
	commands := []struct {
		name string
		args func(week string) []string
		ok   string // in the output when the week was understood
	}{
		{"kpi", func(wk string) []string { return []string{"--db", db, "kpi", "--week", wk} }, "KPIs for 2026-W40"},
		{"report", func(wk string) []string {
			return []string{"--db", db, "report", "--no-export", "--out", filepath.Join(out, "r"), "--week", wk}
		}, "2026-W40"},
		{"export", func(wk string) []string {
			return []string{"--db", db, "export", "--format", "csv", "--out", filepath.Join(out, "x"), "--week", wk}
		}, "kpis.csv"},
		{"demo-data", func(wk string) []string {
			return []string{"demo-data", "--out", filepath.Join(out, "d"), "--skus", "2", "--weeks", "20", "--end-week", wk}
		}, "to 2026-W40"},
	}
	for _, c := range commands {
		for _, form := range []string{"2026-W40", "2026-w40", "2026W40"} {
			t.Run(c.name+" "+form, func(t *testing.T) {
				code, got := runCLI(t, c.args(form)...)
				if code != exitOK || !strings.Contains(got, c.ok) {
					t.Fatalf("exit %d, output:\n%s\nwant exit 0 and %q", code, got, c.ok)
				}
			})
		}
		for _, bad := range []struct{ week, want string }{
			{"2026-40", warehouse.WeekForms}, {"W40-2026", warehouse.WeekForms}, {"2025-W53", "2025 has no week 53"},
		} {
			t.Run(c.name+" "+bad.week, func(t *testing.T) {
				code, got := runCLI(t, c.args(bad.week)...)
				if code != exitUsage || !strings.Contains(got, `"`+bad.week+`"`) || !strings.Contains(got, bad.want) {
					t.Fatalf("exit %d, output:\n%s\nwant exit 2 naming %q and saying %q", code, got, bad.week, bad.want)
				}
			})
		}
	}
}

// TestExportWeek: export --week limits the weekly datasets to that week.
func TestExportWeek(t *testing.T) {
	db := sharedDB(t)
	out := t.TempDir()
	got := mustCLI(t, "--db", db, "export", "--format", "csv", "--out", out, "--week", "2026w40")
	// This warehouse has a KPI run and no forecast run: only the forecast files are said empty.
	if strings.Contains(got, "no successful kpi run") || !strings.Contains(got, "no successful forecast run in the warehouse: forecasts, forecast_accuracy") {
		t.Fatalf("export notes:\n%s", got)
	}
	b, err := os.ReadFile(filepath.Join(out, "kpis.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "iso_week")
	if col < 0 || len(rows) < 2 {
		t.Fatalf("kpis.csv: header %v, %d rows", rows[0], len(rows))
	}
	for _, r := range rows[1:] {
		if r[col] != "2026-W40" {
			t.Fatalf("kpis.csv holds week %s, want only 2026-W40", r[col])
		}
	}
}

// TestReadCommandsWriteNothing: the commands that read create no warehouse
// and record no run; report refuses a week without data.
func TestReadCommandsWriteNothing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.duckdb")
	for _, args := range [][]string{
		{"status"}, {"quarantine"}, {"kpi", "--week", "2026-W40"}, {"report", "--out", t.TempDir()}, {"export", "--out", t.TempDir()},
	} {
		t.Run(args[0]+" on no warehouse", func(t *testing.T) {
			code, got := runCLI(t, append([]string{"--db", missing}, args...)...)
			if code != exitFailure || !strings.Contains(got, "no warehouse file") {
				t.Fatalf("exit %d, output:\n%s", code, got)
			}
			if _, err := os.Stat(missing); !os.IsNotExist(err) {
				t.Fatalf("%s created the warehouse", args[0])
			}
		})
	}
	db := sharedDB(t)
	before := countRuns(t, db)
	for _, args := range [][]string{{"status"}, {"kpi", "--week", "2026-W41", "--json"}, {"quarantine"}} {
		if code, got := runCLI(t, append([]string{"--db", db}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, got)
		}
	}
	if after := countRuns(t, db); after != before {
		t.Fatalf("read commands recorded %d runs", after-before)
	}
	dir := t.TempDir()
	code, got := runCLI(t, "--db", db, "report", "--out", dir, "--week", "2031-W05")
	if code != exitFailure || !strings.Contains(got, "2031-W05") || !strings.Contains(got, "covers") {
		t.Fatalf("report for a week without data: exit %d\n%s", code, got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("report for a week without data wrote %d files", len(entries))
	}
}

// TestStatusReadOnlyFile: status reads a warehouse the user may not write.
func TestStatusReadOnlyFile(t *testing.T) {
	src := sharedDB(t)
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "ro.duckdb")
	if err := os.WriteFile(db, b, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	code, got := runCLI(t, "--db", db, "status")
	if code != exitOK || !strings.Contains(got, "return_lines") {
		t.Fatalf("status on a read-only file: exit %d\n%s", code, got)
	}
}

// TestNewerSchemaRefused: every command refuses a file written by a newer retour.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "new.duckdb")
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	orders := filepath.Join(t.TempDir(), "order_lines.csv")
	if err := os.WriteFile(orders, []byte("order_id,line_id,order_ts,sku,qty\no1,1,2026-01-01,A,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"status"}, {"init"}, {"quarantine"}, {"load", orders}, {"forecast"}, {"kpi"}, {"kpi", "--week", "2026-W40"},
		{"report", "--out", t.TempDir()}, {"export", "--out", t.TempDir()},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, got := runCLI(t, append([]string{"--db", db}, args...)...)
			if code != exitFailure || !strings.Contains(got, "newer schema") {
				t.Fatalf("exit %d, output:\n%s\nwant exit 1 and a newer-schema refusal", code, got)
			}
		})
	}
}

// TestFlagRanges: out-of-range flags are refused with the valid range.
func TestFlagRanges(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"forecast", "--horizon", "0"}, "want 1 to 104"},
		{[]string{"forecast", "--horizon", "-4"}, "want 1 to 104"},
		{[]string{"forecast", "--origins", "1000"}, "want 1 to 26"},
		{[]string{"forecast", "--step", "0"}, "want 1 to 52"},
		{[]string{"forecast", "--selection", "average"}, "want pooled, family, auto, combo or best"},
		{[]string{"forecast", "--models", "ets,prophet"}, `unknown model "prophet"`},
		{[]string{"load", "--max-bad", "-1", "x.csv"}, "at most 1"},
		{[]string{"load", "--max-bad", "1.5", "x.csv"}, "at most 1"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, got := runCLI(t, append([]string{"--db", db}, tc.args...)...)
			if code != exitUsage || !strings.Contains(got, tc.want) {
				t.Fatalf("exit %d, output:\n%s\nwant exit 2 and %q", code, got, tc.want)
			}
		})
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatal("a refused command created the warehouse")
	}
}

func TestVersion(t *testing.T) {
	code, got := runCLI(t, "--version")
	if code != exitOK || !strings.HasPrefix(got, "retour version ") || !strings.Contains(got, "warehouse schema") {
		t.Fatalf("exit %d, output %q", code, got)
	}
}
