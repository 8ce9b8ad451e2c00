package main

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/csvsafe"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// Formula payloads a customer or an ERP export could put in a text field.
const (
	hyperlink = `=HYPERLINK("http://evil.example","click")`
	cmdPipe   = `+cmd|' /C calc'!A0`
	atSum     = `@SUM(1+1)*cmd|' /C calc'!A0`
)

// csvQuote quotes a field for the input files.
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// writeHostileData writes products, orders and returns whose text fields
// hold formulas, and one return line with a formula where a number belongs
// (quarantined).
func writeHostileData(t *testing.T, dir string) []string {
	t.Helper()
	files := map[string]string{
		"products.csv": "sku,name,category,sector,weight_kg\n" +
			"P1," + csvQuote(hyperlink) + "," + csvQuote(hyperlink) + ",fashion,0.5\n" +
			"P2," + csvQuote(atSum) + ",jeans,fashion,0.65\n",
		"order_lines.csv":  "order_id,line_id,order_ts,ship_ts,channel,sku,qty,unit_price\n",
		"return_lines.csv": "return_id,order_id,line_id,sku,qty,requested_ts,received_ts,processed_ts,reason_code,reason_text,disposition,transport_mode,transport_km,carrier,site,refund_amount\n",
	}
	var orders, returns strings.Builder
	for i := 0; i < 40; i++ {
		day := 2 + i%28
		sku := []string{"P1", "P2"}[i%2]
		ch := []string{"web", csvQuote(cmdPipe)}[i%2]
		orders.WriteString("o" + strconv.Itoa(i) + ",1,2026-10-" + twoDigits(day) + " 10:00:00,2026-10-" + twoDigits(day) + " 18:00:00," + ch + "," + sku + ",2,30\n")
		if i%3 == 0 && day <= 25 {
			d := twoDigits(day + 2)
			returns.WriteString("r" + strconv.Itoa(i) + ",o" + strconv.Itoa(i) + ",1," + sku + ",1,2026-10-" + d + " 09:00:00,2026-10-" + d + " 12:00:00,2026-10-" + twoDigits(day+3) +
				" 12:00:00,defective," + csvQuote(hyperlink) + ",restock,parcel_home,120," + csvQuote(atSum) + "," + csvQuote(cmdPipe) + ",30\n")
		}
	}
	returns.WriteString("rbad,o1,1,P2," + csvQuote("=1+1") + ",2026-10-05 09:00:00,,,defective," + csvQuote(cmdPipe) + ",,,,,,\n")
	files["order_lines.csv"] += orders.String()
	files["return_lines.csv"] += returns.String()
	var paths []string
	for _, name := range []string{"products.csv", "order_lines.csv", "return_lines.csv"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func twoDigits(n int) string { return strconv.Itoa(100 + n)[1:] }

func readCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}

// noFormula fails on any cell that a spreadsheet would read as a formula:
// one starting with =, +, @, tab or CR, or with - unless it is a number.
func noFormula(t *testing.T, name string, recs [][]string) {
	t.Helper()
	for i, rec := range recs {
		for j, c := range rec {
			if c == "" {
				continue
			}
			if strings.ContainsRune("=+@\t\r\n", rune(c[0])) || c[0] == '-' && csvsafe.Number(c) != c {
				t.Errorf("%s line %d column %d starts with a formula character: %q", name, i+1, j+1, c)
			}
		}
	}
}

// TestCSVExportsNeutraliseFormulas loads rows whose text fields hold
// =HYPERLINK(...), +cmd|..., @SUM(...), then writes every CSV the product
// writes (retour export, the pack exports, kpi --csv, quarantine --export):
// no cell starts with a formula character unescaped, the payloads are there
// with a quote in front, and every value equals the warehouse's (numbers
// unchanged, negative ones included).
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	args := append([]string{"load", "--db", db}, writeHostileData(t, dir)...)
	if code, out := runCLI(t, args...); code != exitOK && code != exitFailure {
		t.Fatalf("load exit %d:\n%s", code, out)
	}
	if code, out := runCLI(t, "kpi", "--db", db, "-q"); code != exitOK {
		t.Fatalf("kpi exit %d:\n%s", code, out)
	}
	var kpiCSV strings.Builder
	code := run(context.Background(), []string{"kpi", "--db", db, "--csv", "--week", "2026-W43", "--scope", "total,category,site,carrier,channel"}, &kpiCSV, os.Stderr)
	if code != exitOK {
		t.Fatalf("kpi --csv exit %d", code)
	}
	qfile := filepath.Join(dir, "quarantine.csv")
	if code, out := runCLI(t, "quarantine", "--db", db, "--export", qfile); code != exitOK {
		t.Fatalf("quarantine exit %d:\n%s", code, out)
	}
	exp := filepath.Join(dir, "exports")
	if code, out := runCLI(t, "export", "--db", db, "--out", exp, "--format", "csv"); code != exitOK {
		t.Fatalf("export exit %d:\n%s", code, out)
	}
	packs := filepath.Join(dir, "packs")
	if code, out := runCLI(t, "report", "--db", db, "--out", packs, "--week", "2026-W43"); code != exitOK {
		t.Fatalf("report exit %d:\n%s", code, out)
	}

	all := map[string][][]string{"kpi --csv": readCSV(t, "kpi --csv", []byte(kpiCSV.String()))}
	q, err := os.ReadFile(qfile)
	if err != nil {
		t.Fatal(err)
	}
	all["quarantine.csv"] = readCSV(t, "quarantine.csv", q)
	for _, d := range []string{exp, filepath.Join(packs, "2026-W43", "exports")} {
		m, _ := filepath.Glob(filepath.Join(d, "*.csv"))
		if len(m) == 0 {
			t.Fatalf("no CSV in %s", d)
		}
		for _, p := range m {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			all[p] = readCSV(t, p, b)
		}
	}
	joined := ""
	for name, recs := range all {
		noFormula(t, name, recs)
		for _, r := range recs {
			joined += strings.Join(r, "\x00") + "\x00"
		}
	}
	for _, p := range []string{hyperlink, cmdPipe, atSum, "=1+1"} {
		if !strings.Contains(joined, "'"+p) {
			t.Errorf("payload %q not found (escaped) in any CSV", p)
		}
	}
	compareExports(t, db, exp)
}

// compareExports checks every exported CSV cell against the warehouse: text
// is csvsafe.Cell of the value, numbers parse back to the same number.
func compareExports(t *testing.T, db, dir string) {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sets, err := reports.Datasets(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	negatives := 0
	for _, ds := range sets {
		b, err := os.ReadFile(filepath.Join(dir, ds.Name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, ds.Name, b)
		rows, err := w.Query(ctx, ds.Query)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		r := 1
		for ; rows.Next(); r++ {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				got := recs[r][i]
				switch x := v.(type) {
				case string:
					if got != csvsafe.Cell(x) {
						t.Errorf("%s row %d %s: %q, warehouse %q", ds.Name, r, cols[i], got, x)
					}
				case float64, int32, int64:
					want, _ := strconv.ParseFloat(csvsafe.Value(x), 64)
					f, err := strconv.ParseFloat(got, 64)
					if err != nil || f != want || math.IsNaN(f) {
						t.Errorf("%s row %d %s: %q, warehouse %v", ds.Name, r, cols[i], got, x)
					}
					if f < 0 {
						negatives++
					}
				}
			}
		}
		rows.Close()
		if r != len(recs) {
			t.Errorf("%s: %d CSV rows, warehouse %d", ds.Name, len(recs)-1, r-1)
		}
	}
	if negatives == 0 {
		t.Error("no negative number in the exports: the test does not cover them")
	}
}
