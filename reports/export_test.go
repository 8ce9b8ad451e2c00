package reports

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
	"github.com/xuri/excelize/v2"
)

// warehouseRows runs a dataset's query and returns its columns and rows.
func warehouseRows(t *testing.T, w *warehouse.DB, q string) ([]string, [][]any) {
	t.Helper()
	rows, err := w.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, out
}

// sameCell compares a warehouse value with what a file gave back (text,
// number, bool or nil), numbers to 1e-9 relative.
func sameCell(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil || got == ""
	case time.Time:
		s := fmt.Sprint(got)
		return s == w.Format("2006-01-02") || s == w.Format("2006-01-02 15:04:05")
	case bool:
		return fmt.Sprint(got) == strconv.FormatBool(w) || fmt.Sprint(got) == map[bool]string{true: "TRUE", false: "FALSE"}[w]
	case string:
		return fmt.Sprint(got) == w
	}
	wf, err := strconv.ParseFloat(fmt.Sprint(want), 64)
	if err != nil {
		return false
	}
	var gf float64
	switch g := got.(type) {
	case float64:
		gf = g
	default:
		if gf, err = strconv.ParseFloat(fmt.Sprint(g), 64); err != nil {
			return false
		}
	}
	return math.Abs(wf-gf) <= 1e-9*math.Max(1, math.Abs(wf))
}

func compareTable(t *testing.T, format string, cols []string, want [][]any, head []string, got [][]any) {
	t.Helper()
	if fmt.Sprint(head) != fmt.Sprint(cols) {
		t.Fatalf("%s header %v, want %v", format, head, cols)
	}
	if len(got) != len(want) {
		t.Fatalf("%s has %d rows, warehouse %d", format, len(got), len(want))
	}
	for r := range want {
		for c := range cols {
			var g any
			if c < len(got[r]) {
				g = got[r][c]
			}
			if !sameCell(want[r][c], g) {
				t.Fatalf("%s row %d column %s: got %v, warehouse %v", format, r+1, cols[c], g, want[r][c])
			}
		}
	}
}

func TestExportReadBack(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	dir := t.TempDir()
	files, err := Export(ctx, w, dir, Formats)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := Datasets(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(sets)*len(Formats) {
		t.Fatalf("%d files for %d datasets", len(files), len(sets))
	}
	for _, ds := range sets {
		t.Run(ds.Name, func(t *testing.T) {
			cols, want := warehouseRows(t, w, ds.Query)
			if len(want) == 0 {
				t.Fatalf("dataset %s is empty in the fixture", ds.Name)
			}
			base := filepath.Join(dir, ds.Name)

			f, err := os.Open(base + ".csv")
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			compareTable(t, "csv", cols, want, recs[0], toAny(recs[1:]))

			b, err := os.ReadFile(base + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var objs []map[string]any
			if err := json.Unmarshal(b, &objs); err != nil {
				t.Fatal(err)
			}
			var jrows [][]any
			for _, o := range objs {
				row := make([]any, len(cols))
				for i, c := range cols {
					row[i] = o[c]
				}
				jrows = append(jrows, row)
			}
			compareTable(t, "json", cols, want, cols, jrows)

			x, err := excelize.OpenFile(base + ".xlsx")
			if err != nil {
				t.Fatal(err)
			}
			xrows, err := x.GetRows(ds.Name)
			x.Close()
			if err != nil {
				t.Fatal(err)
			}
			compareTable(t, "xlsx", cols, want, xrows[0], toAny(xrows[1:]))

			var diff, n int64
			q := fmt.Sprintf(`SELECT (SELECT count(*) FROM read_parquet(%[1]s)),
				(SELECT count(*) FROM ((SELECT * FROM read_parquet(%[1]s) EXCEPT ALL SELECT * FROM (%[2]s))
				 UNION ALL (SELECT * FROM (%[2]s) EXCEPT ALL SELECT * FROM read_parquet(%[1]s))))`, sqlString(base+".parquet"), ds.Query)
			if err := w.QueryRow(ctx, q).Scan(&n, &diff); err != nil {
				t.Fatal(err)
			}
			if n != int64(len(want)) || diff != 0 {
				t.Errorf("parquet: %d rows (warehouse %d), %d differing", n, len(want), diff)
			}
		})
	}
}

func toAny(rows [][]string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, c := range r {
			out[i][j] = c
		}
	}
	return out
}

func TestExportReadsLatestOkRun(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	sets, err := Datasets(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range sets {
		if ds.Name != "forecasts" {
			continue
		}
		_, rows := warehouseRows(t, w, ds.Query)
		for _, r := range rows {
			if r[5] == "bad" {
				t.Fatal("export includes the failed forecast run")
			}
		}
		return
	}
	t.Fatal("no forecasts dataset")
}

func TestParseFormats(t *testing.T) {
	if f, err := ParseFormats("csv, Parquet"); err != nil || fmt.Sprint(f) != "[csv parquet]" {
		t.Errorf("ParseFormats = %v, %v", f, err)
	}
	if _, err := ParseFormats("pdf"); err == nil {
		t.Error("pdf accepted")
	}
}

// TestXLSXSplitsLongDatasets lowers the sheet row limit to check that rows
// beyond it continue on a second sheet and none is lost.
func TestXLSXSplitsLongDatasets(t *testing.T) {
	old := xlsxMaxRows
	xlsxMaxRows = 11 // header + 10 rows per sheet
	defer func() { xlsxMaxRows = old }()
	w := openSeeded(t)
	path := filepath.Join(t.TempDir(), "n.xlsx")
	ds := Dataset{Name: "n", Query: "SELECT range AS i FROM range(25)"}
	if err := exportXLSX(context.Background(), w, ds, path); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var got []string
	for _, sheet := range []string{"n", "n_2", "n_3"} {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		if rows[0][0] != "i" {
			t.Errorf("sheet %s has no header", sheet)
		}
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
	}
	if len(got) != 25 || got[0] != "0" || got[24] != "24" {
		t.Errorf("rows across sheets: %v", got)
	}
}
