package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs retour in-process through run, as main does, and returns its
// exit code and everything it printed.
func runCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := run(context.Background(), args, &out, &out)
	return code, out.String()
}

func TestExitCodesAndJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	orders := filepath.Join(dir, "order_lines.csv")
	if err := os.WriteFile(orders, []byte("order_id,line_id,order_ts,sku,qty\no1,1,2026-01-01,A,1\no2,1,2026-01-02,A,-3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "claims.csv")
	if err := os.WriteFile(bad, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"unknown flag", []string{"load", "--nope", orders}, exitUsage, "unknown flag"},
		{"load without files", []string{"--db", db, "load"}, exitUsage, "at least one file"},
		{"missing file", []string{"--db", db, "load", filepath.Join(dir, "none.csv")}, exitFailure, "none.csv"},
		{"empty file", []string{"--db", db, "load", bad}, exitFailure, "claims.csv"},
		{"load json", []string{"--db", db, "load", "--json", orders}, exitOK, `"quarantined":1`},
		{"status", []string{"--db", db, "status"}, exitOK, "order_lines"},
		{"quarantine", []string{"--db", db, "quarantine"}, exitOK, "negative quantity"},
		{"export before kpi", []string{"--db", db, "export", "--format", "csv", "--out", filepath.Join(dir, "x")}, exitOK, "no successful kpi run in the warehouse: kpis, carrier_scorecard"},
		{"export before forecast", []string{"--db", db, "export", "--format", "csv", "--out", filepath.Join(dir, "x")}, exitOK, "run `retour forecast` first"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Fatalf("exit %d (want %d), output:\n%s\nwant it to contain %q", code, tc.code, out, tc.want)
			}
		})
	}
	_, out := runCLI(t, "--db", db, "load", "--json", orders)
	var s map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &s); err != nil {
		t.Fatalf("json: %v in %q", err, out)
	}
	for _, k := range []string{"file", "entity", "read", "inserted", "updated", "unchanged", "quarantined", "status"} {
		if _, ok := s[k]; !ok {
			t.Errorf("json summary lacks %q", k)
		}
	}
	if s["unchanged"].(float64) != 1 || s["inserted"].(float64) != 0 {
		t.Errorf("reload summary %v", s)
	}
}
