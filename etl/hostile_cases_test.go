package etl

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"

	"github.com/retour-analytics/retour/warehouse"
)

const olHeader = "order_id,line_id,order_ts,ship_ts,sku,qty,unit_price\n"

// olRow is a valid order line; its line in a file with a header is i+2.
func olRow(i int) string {
	return fmt.Sprintf("N%d,1,2026-01-05 10:00:00,2026-01-06 10:00:00,A,1,9.5\n", i)
}

// orderLines is a header and n valid rows, with rows replaced at some indexes.
func orderLines(n int, replace map[int]string) string {
	var sb strings.Builder
	sb.WriteString(olHeader)
	for i := 0; i < n; i++ {
		if r, ok := replace[i]; ok {
			sb.WriteString(r)
			continue
		}
		sb.WriteString(olRow(i))
	}
	return sb.String()
}

func wf(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// file is a case builder writing fixed bytes.
func file(name string, data string) func(testing.TB, string) string {
	return func(tb testing.TB, dir string) string { return wf(tb, dir, name, []byte(data)) }
}

func gzBytes(tb testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xfeff}, u...)
	}
	for _, c := range u {
		if bigEndian {
			out = append(out, byte(c>>8), byte(c))
		} else {
			out = append(out, byte(c), byte(c>>8))
		}
	}
	return out
}

// parquetFile has DuckDB write the query's rows to dir/name.
func parquetFile(name, query string) func(testing.TB, string) string {
	return func(tb testing.TB, dir string) string {
		p := filepath.Join(dir, name)
		w, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		defer w.Close()
		if _, err := w.Exec(context.Background(), fmt.Sprintf(`COPY (%s) TO '%s' (FORMAT parquet)`, query, strings.ReplaceAll(p, "'", "''"))); err != nil {
			tb.Fatal(err)
		}
		return p
	}
}

const products = "sku,name,sector,unit_cost,weight_kg\n"

// ndjsonLines writes n order lines as NDJSON; extra(i) adds keys to line i.
func ndjsonLines(n int, extra func(i int) string) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, `{"order_id":"J%d","line_id":"1","order_ts":"2026-01-05 10:00:00","sku":"A","qty":1%s}`+"\n", i, extra(i))
	}
	return sb.String()
}

func none(int) string { return "" }

func hostileCases() []hostileCase {
	q := func(pairs ...any) map[int64]string {
		m := map[int64]string{}
		for i := 0; i < len(pairs); i += 2 {
			m[int64(pairs[i].(int))] = pairs[i+1].(string)
		}
		return m
	}
	cases := []hostileCase{
		// quoting and records
		{name: "stray quote mid-file resynchronises", make: file("order_lines.csv", orderLines(2000, map[int]string{500: `N500,1,2026-01-05 10:00:00,2026-01-06 10:00:00,"A,1,9.5` + "\n"})),
			quarantine: q(502, "not closed within 100 lines"), check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 1999},
		{name: "stray quote near the end", make: file("order_lines.csv", orderLines(50, map[int]string{45: `N45,"1,2026-01-05 10:00:00,2026-01-06 10:00:00,A,1,9.5` + "\n"})),
			quarantine: q(47, "not closed"), check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 49},
		{name: "unclosed quote on the last line", make: file("order_lines.csv", orderLines(5, nil)+`N9,1,"2026-01-05,x,A,1,1`),
			quarantine: q(7, "never closed")},
		{name: "two stray quotes", make: file("order_lines.csv", orderLines(400, map[int]string{10: `"N10,1,2026-01-05,,A,1,1` + "\n", 300: `N300,"1,2026-01-05,,A,1,1` + "\n"})),
			quarantine: q(12, "stray", 302, "stray")},
		{name: "multi-line quoted value kept", make: file("products.csv", products+"P1,\"Jean\nbleu, coupe droite\",fashion,10,0.5\nP2,Phone,high_tech,100,0.2\n"),
			check: `SELECT count(*) FROM products WHERE name = 'Jean' || chr(10) || 'bleu, coupe droite'`, want: 1},
		{name: "quote inside an unquoted value", make: file("products.csv", products+"P1,TV 55\" OLED,high_tech,300,12\nP2,Phone,high_tech,100,0.2\n"),
			check: `SELECT count(*) FROM products WHERE name = 'TV 55" OLED'`, want: 1},
		{name: "text after a closing quote", make: file("products.csv", products+"P1,\"TV\" OLED,high_tech,300,12\nP2,Phone,high_tech,100,0.2\n"),
			quarantine: q(2, "stray quote after a quoted field")},
		{name: "doubled quotes in a quoted value", make: file("products.csv", products+"P1,\"TV 55\"\" OLED\",high_tech,300,12\n"),
			check: `SELECT count(*) FROM products WHERE name = 'TV 55" OLED'`, want: 1},
		{name: "unclosed quote in the header", make: file("order_lines.csv", `order_id,"line_id,order_ts,sku,qty`+"\n"+strings.Repeat("o1,1,2026-01-01,A,1\n", 150)),
			refused: []string{"order_lines.csv:1", "not closed"}},
		{name: "endless line (gzip bomb)", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "order_lines.csv.gz", gzBytes(tb, append([]byte(olHeader), bytes.Repeat([]byte("x"), 16<<20)...)))
		}, refused: []string{"order_lines.csv.gz", "line 2 is longer than 4194304 bytes"}},
		{name: "unclosed quote then endless lines", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "order_lines.csv.gz", gzBytes(tb, append([]byte(olHeader+`"N1,1,2026-01-05,,A,1,1`+"\n"), bytes.Repeat([]byte("y\n"), 4<<20)...)))
		}, refused: []string{"order_lines.csv.gz", "rows rejected"}},
		{name: "field count short", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05\n"})),
			quarantine: q(3, "row has 3 fields, the header has 7")},
		{name: "unquoted delimiter in a value", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,1,9,5\n"})),
			quarantine: q(3, "an unquoted")},
		{name: "truncated last row", make: file("order_lines.csv", strings.TrimSuffix(orderLines(3, nil), "9.5\n")[:len(orderLines(3, nil))-20]),
			quarantine: q(4, "fields")},
		{name: "CRLF line endings", make: file("order_lines.csv", strings.ReplaceAll(orderLines(20, nil), "\n", "\r\n")),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%' AND sku = 'A'`, want: 20},
		{name: "CR-only line endings", make: file("order_lines.csv", strings.ReplaceAll(orderLines(20, nil), "\n", "\r")),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%' AND unit_price = 9.5`, want: 20},
		{name: "blank lines between rows", make: file("order_lines.csv", strings.ReplaceAll(orderLines(10, nil), "\n", "\n\n")),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 10},
		{name: "truncated gzip", make: func(tb testing.TB, dir string) string {
			z := gzBytes(tb, []byte(orderLines(5000, nil)))
			return wf(tb, dir, "order_lines.csv.gz", z[:len(z)/2])
		}, refused: []string{"order_lines.csv.gz", "ends in the middle of its compressed data"}},
		{name: "gzip checksum damaged", make: func(tb testing.TB, dir string) string {
			z := gzBytes(tb, []byte(orderLines(50, nil)))
			z[len(z)-6] ^= 0xff
			return wf(tb, dir, "order_lines.csv.gz", z)
		}, refused: []string{"order_lines.csv.gz", "checksum"}},

		// encodings
		{name: "UTF-16LE with BOM", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "products.csv", utf16Bytes(products+"P1,Téléviseur,high_tech,300,12\n", false, true))
		}, check: `SELECT count(*) FROM products WHERE name = 'Téléviseur'`, want: 1},
		{name: "UTF-16BE with BOM", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "products.csv", utf16Bytes(products+"P1,Téléviseur,high_tech,300,12\n", true, true))
		}, check: `SELECT count(*) FROM products WHERE name = 'Téléviseur'`, want: 1},
		{name: "UTF-16 without BOM", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "products.csv", utf16Bytes(products+"P1,Téléviseur,high_tech,300,12\n", false, false))
		}, refused: []string{"products.csv", "UTF-16", "save as UTF-8"}},
		{name: "UTF-8 BOM", make: file("products.csv", "\xef\xbb\xbf"+products+"P1,Téléviseur,high_tech,300,12\n"),
			check: `SELECT count(*) FROM products WHERE sku = 'P1' AND name = 'Téléviseur'`, want: 1},
		{name: "Latin-1 file", make: file("products.csv", products+"P1,T\xe9l\xe9viseur,high_tech,300,12\n"),
			check: `SELECT count(*) FROM products WHERE name = 'Téléviseur'`, want: 1},
		{name: "Latin-1 row after 64 KB of UTF-8", make: func(tb testing.TB, dir string) string {
			var sb strings.Builder
			sb.WriteString(products)
			for i := 0; i < 3000; i++ {
				fmt.Fprintf(&sb, "U%d,Téléviseur numéro %d,high_tech,300,12\n", i, i)
			}
			sb.WriteString("L1,T\xe9l\xe9viseur,high_tech,300,12\n")
			return wf(tb, dir, "products.csv", []byte(sb.String()))
		}, quarantine: q(3002, "not valid UTF-8"), check: `SELECT count(*) FROM products WHERE sku LIKE 'U%'`, want: 3000},
		{name: "Latin-1 head with UTF-8 rows", make: func(tb testing.TB, dir string) string {
			s := products + "L1,T\xe9l\xe9viseur,high_tech,300,12\n"
			for i := 0; i < 2000; i++ {
				s += fmt.Sprintf("U%d,Téléviseur,high_tech,300,12\n", i)
			}
			return wf(tb, dir, "products.csv", []byte(s))
		}, check: `SELECT count(*) FROM products WHERE name = 'Téléviseur' AND (sku = 'L1' OR sku LIKE 'U%')`, want: 2001},
		{name: "binary file", make: file("order_lines.csv", "order_id,line_id\n\x00\x01\x02\xff\x00"),
			refused: []string{"order_lines.csv", "NUL byte"}},
		{name: "invalid UTF-8 forced as UTF-8", mapping: "encoding: utf-8\n", make: file("products.csv", products+"P\xff1,TV,high_tech,300,12\nP2,TV,high_tech,300,12\n"),
			quarantine: q(2, "not valid UTF-8")},

		// delimiters
		{name: "semicolon delimiter", make: file("order_lines.csv", strings.ReplaceAll(orderLines(10, nil), ",", ";")),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 10},
		{name: "tab delimiter", make: file("order_lines.tsv", strings.ReplaceAll(orderLines(10, nil), ",", "\t")),
			mapping: "entity: order_lines\n", check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 10},
		{name: "pipe delimiter", make: file("order_lines.csv", strings.ReplaceAll(orderLines(10, nil), ",", "|")),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 10},
		{name: "wrong forced delimiter", mapping: "delimiter: \";\"\n", make: file("order_lines.csv", orderLines(10, nil)),
			refused: []string{"order_lines.csv", "order_id"}},

		// numbers
		{name: "quantity over 2^31", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,3000000000,9.5\n"})),
			quarantine: q(3, "out of range")},
		{name: "quantity over 2^63", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,9223372036854775808,9.5\n"})),
			quarantine: q(3, "qty")},
		{name: "negative quantity in orders", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,-2,9.5\n"})),
			quarantine: q(3, "greater than 0")},
		{name: "fractional quantity", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,1.5,9.5\n"})),
			quarantine: q(3, "whole number")},
		{name: "price 1e308", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,1,1e308\n"})),
			quarantine: q(3, "out of range")},
		{name: "price 1e999", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,1,1e999\n"})),
			quarantine: q(3, "not a number")},
		{name: "price NaN and Inf", make: file("order_lines.csv", orderLines(4, map[int]string{1: "N1,1,2026-01-05,,A,1,NaN\n", 2: "N2,1,2026-01-05,,A,1,-Inf\n"})),
			quarantine: q(3, "not a number", 4, "not a number")},
		{name: "decimal comma in a point file", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,,A,1,\"12,50\"\n"})),
			quarantine: q(3, "decimal comma")},
		{name: "hex and underscores", make: file("order_lines.csv", orderLines(4, map[int]string{1: "N1,1,2026-01-05,,A,1,0x1p3\n", 2: "N2,1,2026-01-05,,A,1,1_000\n"})),
			quarantine: q(3, "not a number", 4, "not a number")},
		{name: "cost 1e13 in products", make: file("products.csv", products+"P1,TV,high_tech,1e13,12\nP2,TV,high_tech,3,1e300\n"),
			quarantine: q(2, "unit_cost", 3, "weight_kg")},
		{name: "refund 1e308 in returns", make: file("return_lines.csv", "return_id,order_id,line_id,sku,qty,refund_amount\nR1,o1,1,A,1,1e308\nR2,o1,1,A,1,10\n"),
			quarantine: q(2, "out of range")},

		// dates
		{name: "impossible date", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-02-30,,A,1,9.5\n"})),
			quarantine: q(3, "not a date")},
		{name: "words for a date", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,yesterday,,A,1,9.5\n"})),
			quarantine: q(3, "not a date")},
		{name: "ship before order", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,2026-01-05,2026-01-01,A,1,9.5\n"})),
			quarantine: q(3, "before")},
		{name: "five-digit year", make: file("order_lines.csv", orderLines(3, map[int]string{1: "N1,1,99999-01-01,,A,1,9.5\n"})),
			quarantine: q(3, "not a date")},
		{name: "offset converted to UTC", make: file("order_lines.csv", olHeader+"Z1,1,2026-01-05T10:00:00+02:00,,A,1,9.5\n"),
			check: `SELECT count(*) FROM order_lines WHERE order_id = 'Z1' AND order_ts = TIMESTAMP '2026-01-05 08:00:00'`, want: 1},

		// keys and links
		{name: "duplicate key", make: file("order_lines.csv", orderLines(3, map[int]string{2: olRow(0)})),
			quarantine: q(4, "duplicate of line 2")},
		{name: "empty key", make: file("order_lines.csv", orderLines(3, map[int]string{1: ",1,2026-01-05,,A,1,9.5\n"})),
			quarantine: q(3, "required but empty")},
		{name: "return of an unknown order", make: file("return_lines.csv", "return_id,order_id,line_id,sku,qty\nR1,o1,1,A,1\nR2,o9,1,A,1\n"),
			quarantine: q(3, "unknown order line")},
		{name: "return both duplicate and orphan", make: file("return_lines.csv", "return_id,order_id,line_id,sku,qty\nR1,o1,1,A,1\nR1,o9,1,A,1\nR3,o9,1,B,1\n"),
			quarantine: q(3, "duplicate of line 2", 4, "unknown order line")},
		{name: "return on a wrong line id", make: file("return_lines.csv", "return_id,order_id,line_id,sku,qty\nR1,o1,7,A,1\nR2,o2,1,B,1\n"),
			quarantine: q(2, "unknown order line")},

		// files and paths
		{name: "header only", make: file("order_lines.csv", olHeader), refused: []string{"order_lines.csv", "a header but no data rows"}},
		{name: "empty file", make: file("order_lines.csv", ""), refused: []string{"order_lines.csv", "empty", "0 bytes"}},
		{name: "byte-order mark only", make: file("order_lines.csv", "\xef\xbb\xbf"), refused: []string{"order_lines.csv", "empty"}},
		{name: "gzip of an empty file", make: func(tb testing.TB, dir string) string {
			return wf(tb, dir, "order_lines.csv.gz", gzBytes(tb, nil))
		}, refused: []string{"order_lines.csv.gz", "empty"}},
		{name: "blank lines only", make: file("order_lines.csv", "\n\n  \n"), refused: []string{"order_lines.csv", "only blank lines"}},
		{name: "directory", make: func(tb testing.TB, dir string) string {
			p := filepath.Join(dir, "order_lines.csv")
			if err := os.Mkdir(p, 0o755); err != nil {
				tb.Fatal(err)
			}
			return p
		}, refused: []string{"order_lines.csv", "directory"}},
		{name: "named pipe", make: func(tb testing.TB, dir string) string {
			p := filepath.Join(dir, "order_lines.csv")
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				tb.Fatal(err)
			}
			return p
		}, refused: []string{"order_lines.csv", "pipe"}},
		{name: "device", make: func(testing.TB, string) string { return "/dev/zero" }, mapping: "entity: order_lines\n",
			refused: []string{"/dev/zero", "device"}},
		{name: "missing file", make: func(_ testing.TB, dir string) string { return filepath.Join(dir, "order_lines.csv") },
			refused: []string{"order_lines.csv", "no such file"}},
		{name: "glob characters in a CSV name", make: file("order_lines[1]*.csv", orderLines(4, nil)),
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 4},
		{name: "glob characters in a Parquet name", make: func(tb testing.TB, dir string) string {
			parquetFile("orders1.parquet", `SELECT 'X' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' AS order_ts, 'A' AS sku, 1 AS qty FROM range(7) t(i)`)(tb, dir)
			return parquetFile("orders[1].parquet", `SELECT 'G' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' AS order_ts, 'A' AS sku, 1 AS qty FROM range(3) t(i)`)(tb, dir)
		}, mapping: "entity: order_lines\n", check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'X%' OR order_id LIKE 'G%'`, want: 3},
		{name: "spaces, quotes and accents in the path", make: file("commandes d'été 2026.csv", orderLines(2, nil)), mapping: "entity: order_lines\n",
			check: `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 2},

		// NDJSON
		{name: "NDJSON key first seen after line 1000", make: file("order_lines.ndjson", ndjsonLines(1500, func(i int) string {
			if i >= 1200 {
				return `,"unit_price":2.5`
			}
			return ""
		})), check: `SELECT count(*) FROM order_lines WHERE unit_price = 2.5`, want: 300},
		{name: "NDJSON duplicate key", make: file("order_lines.ndjson", ndjsonLines(3, func(i int) string {
			if i == 1 {
				return `,"qty":5`
			}
			return ""
		})), quarantine: q(2, `key "qty" appears twice`)},
		{name: "NDJSON nested object", make: file("order_lines.ndjson", ndjsonLines(3, func(i int) string {
			if i == 2 {
				return `,"customer":{"id":"C1"}`
			}
			return ""
		})), quarantine: q(3, `key "customer" holds a nested object`)},
		{name: "NDJSON array value", make: file("order_lines.ndjson", ndjsonLines(3, func(i int) string {
			if i == 0 {
				return `,"tags":["a","b"]`
			}
			return ""
		})), quarantine: q(1, `key "tags" holds a nested object or list`)},
		{name: "NDJSON line not an object", make: file("order_lines.ndjson", ndjsonLines(2, none)+"[1,2,3]\n"+`{"order_id":"J9","line_id":"1",`+"\n"),
			quarantine: q(3, "not a JSON object", 4, "not a JSON object")},
		{name: "NDJSON Latin-1 line", make: file("order_lines.ndjson", ndjsonLines(2, none)+"{\"order_id\":\"J\xe9\",\"line_id\":\"1\",\"order_ts\":\"2026-01-05\",\"sku\":\"A\",\"qty\":1}\n"),
			mapping: "encoding: utf-8\n", quarantine: q(3, "not valid UTF-8")},
		{name: "NDJSON with more than 10,000 keys", make: func(tb testing.TB, dir string) string {
			var sb strings.Builder
			sb.WriteString(ndjsonLines(1, none))
			sb.WriteString(`{"order_id":"J9"`)
			for i := 0; i < 10001; i++ {
				fmt.Fprintf(&sb, `,"k%d":1`, i)
			}
			sb.WriteString("}\n")
			return wf(tb, dir, "order_lines.ndjson", []byte(sb.String()))
		}, refused: []string{"order_lines.ndjson:2", "more than 10000 distinct keys"}},
		{name: "NDJSON with no object", make: file("order_lines.ndjson", "1\n2\n\"x\"\n"), refused: []string{"order_lines.ndjson:1", "no line is a JSON object"}},

		// Parquet
		{name: "Parquet sub-second timestamps", make: parquetFile("orders.parquet", `SELECT 'S' || i AS order_id, '1' AS line_id,
			TIMESTAMP '2026-01-01 10:00:00.123456' + INTERVAL (i) SECOND AS order_ts, 'A' AS sku, 1 AS qty FROM range(5) t(i)`),
			mapping: "entity: order_lines\n", check: `SELECT count(*) FROM order_lines WHERE microsecond(order_ts) % 1000000 = 123456`, want: 5},
		{name: "Parquet struct column", make: parquetFile("orders.parquet", `SELECT 'S' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' AS order_ts,
			'A' AS sku, 1 AS qty, {'id': 'C1', 'country': 'FR'} AS customer FROM range(5) t(i)`),
			mapping: "entity: order_lines\n", refused: []string{"orders.parquet", `column "customer"`, "nested"}},
		{name: "Parquet list column", make: parquetFile("orders.parquet", `SELECT 'S' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' AS order_ts,
			'A' AS sku, 1 AS qty, [1, 2] AS tags FROM range(5) t(i)`),
			mapping: "entity: order_lines\n", refused: []string{"orders.parquet", `column "tags"`, "nested"}},
		{name: "gzipped Parquet", make: func(tb testing.TB, dir string) string {
			p := parquetFile("orders.parquet", `SELECT 'S' AS order_id`)(tb, dir)
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			return wf(tb, dir, "orders.parquet.gz", gzBytes(tb, b))
		}, mapping: "entity: order_lines\n", refused: []string{"orders.parquet.gz", "gunzip"}},
		{name: "truncated Parquet", make: func(tb testing.TB, dir string) string {
			p := parquetFile("orders.parquet", `SELECT 'S' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' AS order_ts, 'A' AS sku, 1 AS qty FROM range(100) t(i)`)(tb, dir)
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			return wf(tb, dir, "orders.parquet", b[:len(b)/2])
		}, mapping: "entity: order_lines\n", refused: []string{"orders.parquet", "damaged"}},

		// mapping abuse
		{name: "YAML alias bomb", make: file("order_lines.csv", orderLines(2, nil)), mapping: aliasBomb(),
			refused: []string{"mapping.yaml"}},
		{name: "unknown mapping key", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: order_lines\ncolums:\n  sku: sku\n",
			refused: []string{"mapping.yaml", "colums"}},
		{name: "unknown key under returns", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: sales\nreturns:\n  negative_quantity: true\n",
			refused: []string{"mapping.yaml", "negative_quantity"}},
		{name: "unknown entity in mapping", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: orders_and_stuff\n",
			refused: []string{"mapping.yaml", "orders_and_stuff"}},
		{name: "mapping that is not YAML", make: file("order_lines.csv", orderLines(2, nil)), mapping: "\x00\x01{{{[[[",
			refused: []string{"mapping.yaml"}},
		{name: "huge list of date formats", make: file("order_lines.csv", orderLines(20, map[int]string{3: "N3,1,05/01/2026,,A,1,9.5\n"})),
			mapping: "date_formats: [" + strings.Repeat(`"%d/%m/%Y %H:%M:%S", `, 20000) + `"%d/%m/%Y"]` + "\n",
			check:   `SELECT count(*) FROM order_lines WHERE order_id LIKE 'N%'`, want: 20},
		{name: "YAML alias bomb under a known key", make: file("return_lines.csv", "return_id,sku,qty\nR1,A,1\n"), mapping: aliasBombIn(),
			refused: []string{"mapping.yaml"}},
		{name: "misspelt key under constants", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: order_lines\nconstants:\n  curency: EUR\n",
			refused: []string{"mapping.yaml", "curency"}},
		{name: "misspelt key under values", make: file("products.csv", products+"P1,TV,high_tech,300,12\n"), mapping: "entity: products\nvalues:\n  sectr:\n    tv: high_tech\n",
			refused: []string{"mapping.yaml", "sectr"}},
		{name: "mapped source column missing from the file", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: order_lines\ncolumns:\n  sku: article_code\n",
			refused: []string{"order_lines.csv", "article_code"}},
		{name: "huge list of reason rules", make: file("return_lines.csv", "return_id,order_id,line_id,sku,qty,reason_text\nR1,o1,1,A,1,trop petit\n"),
			mapping: "reason_rules:\n" + strings.Repeat("  - {reason: quality, any: [zzz]}\n", 20000) + "  - {reason: other, any: [petit]}\n",
			check:   `SELECT count(*) FROM return_lines WHERE return_id = 'R1' AND reason_code = 'other'`, want: 1},
		{name: "mapped to a canonical field that does not exist", make: file("order_lines.csv", orderLines(2, nil)), mapping: "entity: order_lines\ncolumns:\n  shoe_size: sku\n",
			refused: []string{"shoe_size"}},
	}
	return cases
}

// aliasBombIn is a "billion laughs" under a key the mapping knows.
func aliasBombIn() string {
	var sb strings.Builder
	sb.WriteString("reason_rules:\n  - reason: other\n    any: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&sb, "  - reason: other\n    any: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	return sb.String()
}

// aliasBomb is a "billion laughs" YAML document.
func aliasBomb() string {
	var sb strings.Builder
	sb.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&sb, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	return sb.String()
}
