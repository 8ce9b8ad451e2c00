package reports

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readable lists the tables and views the reports package's SQL may read:
// what the stages wrote (KPI snapshots, forecasts, alerts, carbon facts,
// quarantine, load runs) and the warehouse's views. The canonical tables
// (products, order_lines, return_lines, claims) are not on it: a figure a
// stage or view provides is never recomputed from them here.
var readable = []string{
	// kpi
	"kpi_runs", "kpi_definitions", "kpi_snapshots", "kpi_benchmarks", "kpi_published_figures", "kpi_claims_recurring",
	"kpi_claims_open", "kpi_claims_recurring_claims",
	"kpi_unsupported", "carbon_facts", "carbon_factors", "csr_discarded", "kpi_table_definitions",
	// forecast
	"forecast_runs", "forecasts", "forecast_accuracy", "reason_forecasts", "reason_alerts", "workload_forecasts", "forecast_exposure",
	// etl
	"load_runs", "quarantine",
	// warehouse views
	"weekly_returned", "weekly_shipped", "weekly_returned_site", "sku_labels", "return_comments",
	"field_coverage", "field_coverage_total", "table_rows",
	"v_products", "v_order_lines", "v_return_lines", "v_return_shipments",
}

var (
	sqlSource = regexp.MustCompile(`\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)\b\s*(\()?`)
	sqlCTE    = regexp.MustCompile(`(?:\bWITH|,)\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^()]*\))?\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s*)?\(`)
)

// sqlSources returns the tables and views a SQL text reads (CTEs and table
// functions left out).
func sqlSources(q string) []string {
	ctes := map[string]bool{}
	for _, m := range sqlCTE.FindAllStringSubmatch(q, -1) {
		ctes[m[1]] = true
	}
	var out []string
	for _, m := range sqlSource.FindAllStringSubmatch(q, -1) {
		if m[2] == "(" || ctes[m[1]] {
			continue // a table function (range(...)) or a CTE
		}
		out = append(out, m[1])
	}
	return out
}

func TestSQLSources(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"SELECT a FROM kpi_snapshots s LEFT JOIN kpi_definitions d ON d.kpi_id = s.kpi_id", []string{"kpi_snapshots", "kpi_definitions"}},
		{"WITH t AS (SELECT 1 FROM return_lines), top AS (SELECT 2 FROM t) SELECT * FROM t JOIN top USING (x)", []string{"return_lines"}},
		{"SELECT * FROM range(3) r JOIN (SELECT 1 FROM products) p", []string{"products"}},
		{"WITH a(x, y) AS (VALUES (1, 2)), c AS MATERIALIZED (SELECT 1 FROM claims) SELECT * FROM a JOIN c ON true", []string{"claims"}},
		{"Units returned from the units shipped", nil},
	}
	for _, tc := range tests {
		if got := sqlSources(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("sqlSources(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestReportsReadOnlyStageOutputs checks every string in the package's Go
// files (SQL included): each table or view it reads is on the readable list.
func TestReportsReadOnlyStageOutputs(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, table := range sqlSources(s) {
				checked++
				if !slices.Contains(readable, table) {
					t.Errorf("%s: SQL reads %s, not a stage output or a warehouse view: read what kpi, forecast or a view provides (or add a view)", fset.Position(lit.Pos()), table)
				}
			}
			return true
		})
	}
	if checked < 20 {
		t.Errorf("only %d table reads found: is the check still looking at the SQL?", checked)
	}
}
