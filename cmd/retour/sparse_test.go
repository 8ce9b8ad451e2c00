package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// sparseVariant is the demo data with one optional field or file taken out.
type sparseVariant struct {
	name  string
	file  string   // demo file changed
	drop  []string // columns removed from it; none: the file is not loaded
	table string   // canonical table that loses data
	field string   // the field the packs must name ("" when a whole file is gone)
}

var sparseVariants = []sparseVariant{
	{"processed_ts", demo.ReturnLinesFile, []string{"processed_ts"}, "return_lines", "processed_ts"},
	{"ship_ts", demo.OrderLinesFile, []string{"ship_ts"}, "order_lines", "ship_ts"},
	{"delivered_ts", demo.OrderLinesFile, []string{"delivered_ts"}, "order_lines", "delivered_ts"},
	// Without codes the loader classifies the customers' text: take it too.
	{"reason codes", demo.ReturnLinesFile, []string{"reason_code", "reason_raw", "reason_text"}, "return_lines", "reason_code"},
	{"site", demo.ReturnLinesFile, []string{"site"}, "return_lines", "site"},
	{"weights", demo.ProductsFile, []string{"weight_kg"}, "products", "weight_kg"},
	{"costs", demo.ReturnLinesFile, []string{"processing_cost", "transport_cost"}, "return_lines", "processing_cost"},
	{"csat", demo.ReturnLinesFile, []string{"csat_score"}, "return_lines", "csat_score"},
	{"claims file", demo.ClaimsFile, nil, "claims", ""},
	{"returns file", demo.ReturnLinesFile, nil, "return_lines", ""},
}

// sectionMarks are what a drawn section puts in its pack's HTML: a chart
// or table id. A section the data does not support must not have them.
var sectionMarks = map[string][]string{
	"processing": {`data-chart="processing"`, `<table id="processing-stats"`}, "backlog": {`data-chart="backlog"`},
	"cost": {`data-chart="cost"`}, "disposition": {`data-chart="disposition"`},
	"forecast": {`data-chart="fc-total-`}, "forecast-sites": {`data-chart="fc-site-`},
	"forecast-categories": {`data-chart="fc-category-`, `<table id="fc-categories"`}, "workload": {`data-chart="workload"`, `<table id="workload-table"`},
	"top-skus": {`data-chart="top-skus"`}, "claims": {`data-chart="claims"`, `<table id="claims-table"`},
	"mix": {`data-chart="reason-mix"`}, "heatmap": {`data-chart="reason-heatmap"`}, "pareto": {`data-chart="pareto"`},
	"alerts": {`<table id="alerts`}, "reason-forecast": {`data-chart="reason-forecast"`}, "themes": {`data-chart="themes"`},
	"carbon": {`id="headline"`, `id="inventory"`, `id="avoided"`},
}

// TestSparseData loads the demo data with each optional field or file
// removed in turn and runs every stage: no pack shows a figure that needs
// the missing field, each place that would says what to provide, naming
// the field, and `retour status --json` lists it. RETOUR_SPARSE_OUT=DIR
// keeps the packs (docs/reports.md screenshots).
func TestSparseData(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo data ten times (about a minute); skipped with -short")
	}
	base := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks, opts.Seed = 8, 30, 11
	full := filepath.Join(base, "full")
	if _, err := demo.Generate(context.Background(), full, opts); err != nil {
		t.Fatal(err)
	}
	keep := os.Getenv("RETOUR_SPARSE_OUT")
	for _, v := range sparseVariants {
		t.Run(strings.ReplaceAll(v.name, " ", "_"), func(t *testing.T) {
			dir := filepath.Join(base, strings.ReplaceAll(v.name, " ", "_"))
			if keep != "" {
				dir = filepath.Join(keep, strings.ReplaceAll(v.name, " ", "_"))
				_ = os.RemoveAll(dir)
			}
			files := sparseFiles(t, full, dir, v)
			db := filepath.Join(dir, "w.duckdb")
			out := filepath.Join(dir, "reports")
			mustCLI(t, append([]string{"--db", db, "load"}, files...)...)
			mustCLI(t, "--db", db, "forecast", "--origins", "2")
			mustCLI(t, "--db", db, "kpi")
			mustCLI(t, "--db", db, "report", "--no-export", "--out", out)
			checkSparse(t, v, db, out)
		})
	}
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("retour %s: exit %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// sparseFiles writes the variant's data files into dir and returns them.
func sparseFiles(t *testing.T, from, dir string, v sparseVariant) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		if f == v.file && len(v.drop) == 0 {
			continue
		}
		src, err := os.Open(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(src).ReadAll()
		src.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var keepCols []int
		for i, c := range rows[0] {
			if f != v.file || !slices.Contains(v.drop, c) {
				keepCols = append(keepCols, i)
			}
		}
		path := filepath.Join(dir, f)
		dst, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(dst)
		for _, r := range rows {
			out := make([]string, len(keepCols))
			for j, i := range keepCols {
				out[j] = r[i]
			}
			_ = w.Write(out)
		}
		w.Flush()
		if err := errorsJoin(w.Error(), dst.Close()); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	return files
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// needsRemoved reports whether a declaration needs what the variant took away.
func needsRemoved(t *testing.T, decl string, v sparseVariant) bool {
	needs, err := warehouse.ParseNeeds(decl)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range needs {
		if n.Table != v.table {
			continue
		}
		if v.field == "" {
			return true
		}
		if len(n.Columns) > 0 && !slices.ContainsFunc(n.Columns, func(c string) bool { return !slices.Contains(v.drop, c) }) {
			return true
		}
	}
	return false
}

func checkSparse(t *testing.T, v sparseVariant, db, out string) {
	t.Helper()
	weeks, _ := filepath.Glob(filepath.Join(out, "20*-W*"))
	if len(weeks) != 1 {
		t.Fatalf("report weeks %v", weeks)
	}
	packs := map[string]string{}
	for _, p := range reports.Packs {
		b, err := os.ReadFile(filepath.Join(weeks[0], p+".html"))
		if err != nil {
			t.Fatal(err)
		}
		packs[p] = html.UnescapeString(string(b))
	}
	// What to provide, in the words the packs use.
	say := "`" + v.field + "`"
	if v.field == "" {
		say = "a " + map[string]string{"claims": "claims", "return_lines": "returns"}[v.table] + " file"
	}
	// The capability table lists the field: its coverage, and what it enables.
	var st struct {
		Rows         map[string]int64          `json:"rows"`
		Coverage     []warehouse.FieldCoverage `json:"coverage"`
		Capabilities []reports.Capability      `json:"capabilities"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "status", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if v.field == "" {
		if st.Rows[v.table] != 0 {
			t.Errorf("status: %s has %d rows, want 0", v.table, st.Rows[v.table])
		}
	} else if i := slices.IndexFunc(st.Coverage, func(f warehouse.FieldCoverage) bool { return f.Table == v.table && f.Field == v.field }); i < 0 || st.Coverage[i].Present != 0 {
		t.Errorf("status coverage of %s.%s: %+v", v.table, v.field, st.Coverage)
	}
	// KPIs: not stored, not drawn, named in the pack's "not shown" list.
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	affected := 0
	for _, k := range kpi.Registry() {
		if !needsRemoved(t, k.Needs, v) {
			continue
		}
		affected++
		var n int
		if err := w.QueryRow(ctx, `SELECT count(*) FROM kpi_snapshots WHERE kpi_id = ? AND value IS NOT NULL`, k.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("kpi %s needs %s but has %d stored values", k.ID, say, n)
		}
		for p, h := range packs {
			if strings.Contains(h, `id="kpi-`+k.ID+`"`) {
				t.Errorf("%s pack draws the tile of %s, which needs %s", p, k.ID, say)
			}
		}
	}
	// Sections: not drawn, and the message in their place names the field.
	for _, s := range reports.Sections {
		if !needsRemoved(t, s.Needs, v) {
			continue
		}
		affected++
		h := packs[s.Pack]
		for _, m := range sectionMarks[s.ID] {
			if strings.Contains(h, m) {
				t.Errorf("%s pack draws %s (%s) though it needs %s", s.Pack, s.ID, m, say)
			}
		}
		if !strings.Contains(h, "needs "+say) {
			t.Errorf("%s pack: section %s does not say it needs %s", s.Pack, s.ID, say)
		}
	}
	listed := 0
	for _, c := range st.Capabilities {
		for _, m := range c.Missing {
			if m.Table == v.table && (v.field == "" || slices.ContainsFunc(m.Fields, func(f string) bool { return slices.Contains(v.drop, f) })) {
				listed++
			}
		}
	}
	if listed < affected {
		t.Errorf("status lists %d items needing %s, the declarations %d", listed, say, affected)
	}
}
