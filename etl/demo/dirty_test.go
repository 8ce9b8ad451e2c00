package demo

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkDirty classifies the rows of one file on its own, without using the
// generator's code paths, and returns the counts per kind.
func checkDirty(t *testing.T, dir, file string, orderIDs map[string]bool) (map[string]int, int) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	if !utf8.Valid(raw) {
		var sb strings.Builder
		for _, c := range raw {
			sb.WriteRune(rune(c)) // Latin-1 byte = code point
		}
		lines := strings.Split(string(raw), "\n")
		for _, l := range lines[1:] {
			if !utf8.ValidString(l) {
				got["latin1"]++
			}
		}
		raw = []byte(sb.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	header := strings.Split(lines[0], ",")
	col := func(name string) int { return slices.Index(header, name) }
	isTS := func(name string) bool { return strings.HasSuffix(name, "_ts") }
	money := map[string]bool{"unit_cost": true, "list_price": true, "unit_price": true, "discount": true,
		"refund_amount": true, "resale_value": true, "processing_cost": true, "transport_cost": true, "amount": true}
	seen := map[string]bool{}
	for _, line := range lines[1:] {
		if seen[line] {
			got["duplicate"]++
			continue
		}
		seen[line] = true
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			t.Fatalf("%s: %q: %v", file, line, err)
		}
		if len(rec) < len(header) {
			got["short_row"]++
			continue
		}
		kind := ""
		for i, name := range header {
			v := rec[i]
			switch {
			case v == "":
			case isTS(name):
				if _, err := time.Parse(time.DateTime, v); err != nil {
					kind = "malformed_date"
				}
			case money[name] && strings.Contains(v, ","):
				kind = "decimal_comma"
			case name == "qty" && strings.HasPrefix(v, "-"):
				kind = "negative_qty"
			}
		}
		if kind == "" && file == ReturnLinesFile {
			if !orderIDs[rec[col("order_id")]] {
				kind = "unknown_order"
			} else if rec[col("received_ts")] < rec[col("requested_ts")] {
				kind = "dates_out_of_order"
			}
		}
		if kind != "" {
			got[kind]++
		}
	}
	return got, len(lines) - 1
}

func TestDirtyCounts(t *testing.T) {
	o := small(5, true)
	o.SKUs, o.Lines = 120, 30000
	dir, truth := generate(t, o)
	orderIDs := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(dir, OrderLinesFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n")[1:] {
		if id, _, ok := strings.Cut(l, ","); ok {
			orderIDs[id] = true
		}
	}
	for _, file := range []string{ProductsFile, OrderLinesFile, ReturnLinesFile, ClaimsFile} {
		t.Run(file, func(t *testing.T) {
			got, rows := checkDirty(t, dir, file, orderIDs)
			want := truth.Dirty[file]
			if want == nil {
				want = map[string]int{}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("dirty rows found %v, truth says %v", got, want)
			}
			if rows != truth.Files[file] {
				t.Errorf("%d data rows, truth says %d", rows, truth.Files[file])
			}
			total := 0
			for k, n := range want {
				if k != "latin1" {
					total += n
				}
			}
			if truth.Clean[file] != rows-total {
				t.Errorf("clean rows %d, want %d - %d", truth.Clean[file], rows, total)
			}
		})
	}
	for _, f := range []string{OrderLinesFile, ReturnLinesFile} {
		for _, k := range fileKinds[map[string]int{OrderLinesFile: fOrders, ReturnLinesFile: fReturns}[f]] {
			if truth.Dirty[f][DirtyKinds[k]] == 0 {
				t.Errorf("%s: no %s rows at this size; the test checks nothing for them", f, DirtyKinds[k])
			}
		}
	}
	if truth.Dirty[ProductsFile]["latin1"] == 0 {
		t.Error("products.csv: no Latin-1 row")
	}
}

// TestDirtyLoadsIntoDuckDB reads the dirty files with DuckDB's CSV reader
// (all text, short rows padded, products in Latin-1): every row is there.
func TestDirtyLoadsIntoDuckDB(t *testing.T) {
	dir, truth := generate(t, small(6, true))
	w := loadEmpty(t)
	for _, file := range []string{ProductsFile, OrderLinesFile, ReturnLinesFile, ClaimsFile} {
		enc := "utf-8"
		if file == ProductsFile {
			enc = "latin-1"
		}
		q := fmt.Sprintf(`SELECT count(*) FROM read_csv('%s', header = true, all_varchar = true, null_padding = true, encoding = '%s')`,
			strings.ReplaceAll(filepath.Join(dir, file), "'", "''"), enc)
		if n := queryInt(t, w, q); n != truth.Files[file] {
			t.Errorf("%s: DuckDB reads %d rows, truth says %d", file, n, truth.Files[file])
		}
	}
	var name string
	q := fmt.Sprintf(`SELECT name FROM read_csv('%s', header = true, all_varchar = true, null_padding = true, encoding = 'latin-1')
		WHERE name LIKE '%%é%%' OR name LIKE '%%à%%' LIMIT 1`, strings.ReplaceAll(filepath.Join(dir, ProductsFile), "'", "''"))
	if err := w.QueryRow(context.Background(), q).Scan(&name); err != nil {
		t.Fatalf("no accented product name read back from Latin-1: %v", err)
	}
	if !utf8.ValidString(name) {
		t.Errorf("name %q is not valid UTF-8 after decoding", name)
	}
}
