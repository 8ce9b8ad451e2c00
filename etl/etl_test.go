package etl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

func openTest(t *testing.T) *warehouse.DB {
	t.Helper()
	w, err := warehouse.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checksums fingerprints every data table (not load_runs, which records attempts).
func checksums(t *testing.T, w *warehouse.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range []string{"products", "sites", "order_lines", "return_lines", "claims", "quarantine"} {
		var s string
		// run_id is lineage and changes with every write; hash the rest
		q := fmt.Sprintf(`SELECT count(*)::VARCHAR || '/' || COALESCE(sum(hash(t))::VARCHAR, '0') FROM (SELECT * EXCLUDE (run_id) FROM %s) t`, tb)
		if err := w.QueryRow(context.Background(), q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		out[tb] = s
	}
	return out
}

func countRows(t *testing.T, w *warehouse.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := w.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const ordersCSV = "order_id,line_id,order_ts,ship_ts,sku,qty,unit_price\n" +
	"o1,1,2026-01-01,2026-01-02 10:00:00,A,2,49.90\n" +
	"o2,1,02/01/2026,03/01/2026,B,1,599.00\n"

func TestLoadDirtyRows(t *testing.T) {
	w := openTest(t)
	dir := t.TempDir()
	body := ordersCSV +
		"o3,1,2026-01-05,2026-01-04,A,1,10\n" + // ship before order
		"o4,1,2026-01-05,2026-01-06,A,-1,10\n" + // negative qty
		"o5,1,2026-13-45,2026-01-06,A,1,10\n" + // bad date
		"o6,1,2026-01-05,2026-01-06,A,1,\"12,50\"\n" + // decimal comma
		"o1,1,2026-01-01,2026-01-02 10:00:00,A,2,49.90\n" + // duplicate of line 2
		"o7,1\n" // short row
	p := write(t, dir, "order_lines.csv", []byte(body))
	s, err := LoadFile(context.Background(), w, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Read != 8 || s.Inserted != 2 || s.Quarantined != 6 || s.Read != s.Inserted+s.Updated+s.Unchanged+s.Quarantined {
		t.Fatalf("counts %+v", s.Counts)
	}
	want := map[int64]string{4: "before order_ts", 5: "negative quantity", 6: "not a date", 7: "decimal comma", 8: "duplicate of line 2", 9: "cut short"}
	rows, err := w.Query(context.Background(), `SELECT line, reason, raw FROM quarantine ORDER BY line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var line int64
		var reason, raw string
		if err := rows.Scan(&line, &reason, &raw); err != nil {
			t.Fatal(err)
		}
		n++
		if !strings.Contains(reason, want[line]) {
			t.Errorf("line %d: reason %q, want it to mention %q", line, reason, want[line])
		}
		if raw == "" || !strings.HasPrefix(raw, "o") {
			t.Errorf("line %d: raw %q", line, raw)
		}
	}
	if n != 6 {
		t.Fatalf("%d quarantine rows", n)
	}
}

func TestReloadChangesNothing(t *testing.T) {
	w := openTest(t)
	dir := t.TempDir()
	files := []string{
		write(t, dir, "products.csv", []byte("sku,name,sector\nA,Jean,fashion\nB,Phone,high_tech\n")),
		write(t, dir, "order_lines.csv", []byte(ordersCSV+"o9,1,2026-01-01,,A,x,1\n")),
		write(t, dir, "return_lines.csv", []byte("return_id,order_id,line_id,sku,qty,received_ts,reason_text\nr1,o1,1,A,1,2026-01-10,trop petit\nr2,o8,1,A,1,2026-01-10,cassé\n")),
	}
	if _, err := LoadFiles(context.Background(), w, files, Options{}); err != nil {
		t.Fatal(err)
	}
	before := checksums(t, w)
	sums, err := LoadFiles(context.Background(), w, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Inserted != 0 || s.Updated != 0 {
			t.Errorf("%s: reload inserted %d updated %d", s.File, s.Inserted, s.Updated)
		}
	}
	after := checksums(t, w)
	for _, tb := range []string{"products", "order_lines", "return_lines", "claims"} {
		if before[tb] != after[tb] {
			t.Errorf("%s changed on reload: %s -> %s", tb, before[tb], after[tb])
		}
	}
	// a changed row counts as updated
	p := write(t, dir, "order_lines.csv", []byte(strings.Replace(ordersCSV, "599.00", "579.00", 1)))
	s, err := LoadFile(context.Background(), w, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Updated != 1 || s.Unchanged != 1 || s.Inserted != 0 {
		t.Fatalf("update counts %+v", s.Counts)
	}
	if got := countRows(t, w, `SELECT count(*) FROM order_lines WHERE unit_price = 579`); got != 1 {
		t.Fatalf("updated row not replaced: %d", got)
	}
	if got := countRows(t, w, `SELECT count(*) FROM return_lines WHERE reason_code = 'size_too_small'`); got != 1 {
		t.Fatalf("reason text not classified: %d", got)
	}
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBadFilesChangeNothing(t *testing.T) {
	big := ordersCSV
	for i := 3; i < 3000; i++ {
		big += fmt.Sprintf("o%d,1,2026-01-01,2026-01-02,A,1,1.5\n", i)
	}
	z := gz(t, []byte(big))
	semi := strings.ReplaceAll(big, ",", ";")
	cases := []struct {
		name, file string
		data       []byte
		mapping    string
		want       error
		msg        string
	}{
		{"truncated gzip", "order_lines.csv.gz", z[:len(z)/2], "", ErrCorrupt, "truncated"},
		{"binary garbage", "order_lines.csv", append([]byte("order_id,line_id\n\x00\x01\x02\xff"), bytes.Repeat([]byte{0, 7, 200}, 100)...), "", ErrBinary, "NUL byte"},
		{"wrong delimiter", "order_lines.csv", []byte(semi), "delimiter: \",\"\n", ErrMissingColumn, "delimiter is probably wrong"},
		{"missing required column", "order_lines.csv", []byte("order_id,line_id,sku,qty\no1,1,A,1\n"), "", ErrMissingColumn, "order_ts"},
		{"empty file", "order_lines.csv", nil, "", ErrEmptyFile, "empty"},
		{"header only", "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty\n"), "", ErrEmptyFile, "no data rows"},
		{"mostly bad rows", "order_lines.csv", []byte(strings.ReplaceAll(big, "2026-01-01", "someday")), "", ErrTooManyBad, "not loaded"},
		{"unknown entity", "stuff.csv", []byte("a,b\n1,2\n"), "", ErrUnknownEntity, "name the file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := openTest(t)
			dir := t.TempDir()
			good := write(t, dir, "order_lines.csv", []byte(ordersCSV))
			if _, err := LoadFile(context.Background(), w, good, Options{}); err != nil {
				t.Fatal(err)
			}
			before := checksums(t, w)
			sub := t.TempDir()
			p := write(t, sub, tc.file, tc.data)
			opts := Options{}
			if tc.mapping != "" {
				m, err := ParseMapping("m.yaml", []byte(tc.mapping))
				if err != nil {
					t.Fatal(err)
				}
				opts.Mapping = m
			}
			s, err := LoadFile(context.Background(), w, p, opts)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("message %q should name the file and say %q", err, tc.msg)
			}
			if s.Status != "failed" {
				t.Errorf("status %s", s.Status)
			}
			after := checksums(t, w)
			for k := range before {
				if before[k] != after[k] {
					t.Errorf("%s changed: %s -> %s", k, before[k], after[k])
				}
			}
			if n := countRows(t, w, `SELECT count(*) FROM load_runs WHERE status = 'failed'`); n != 1 {
				t.Errorf("failed run not recorded: %d", n)
			}
		})
	}
}

func TestSalesFileWithReturns(t *testing.T) {
	w := openTest(t)
	m, err := LoadMapping("testdata/sales_mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(context.Background(), w, "testdata/sales.csv", Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Entity != "sales" || s.Read != 6 || s.Parts["order_lines"].Inserted != 4 || s.Parts["return_lines"].Inserted != 2 || s.Quarantined != 0 {
		t.Fatalf("summary %+v parts %+v", s, s.Parts)
	}
	type ret struct {
		id, order, line, sku, reason string
		qty                          int64
	}
	rows, err := w.Query(context.Background(), `SELECT return_id, order_id, line_id, sku, qty, reason_code FROM return_lines ORDER BY return_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []ret
	for rows.Next() {
		var r ret
		if err := rows.Scan(&r.id, &r.order, &r.line, &r.sku, &r.qty, &r.reason); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	want := []ret{{"AV2026-001", "C100", "1", "SKU-JEAN", "size_too_small", 1}, {"AV2026-002", "C101", "1", "SKU-PHONE", "defective", 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("returns %v, want %v", got, want)
	}
	if n := countRows(t, w, `SELECT count(*) FROM order_lines WHERE unit_price = 599 AND currency = 'EUR' AND order_ts = TIMESTAMP '2026-01-06 09:00:00'`); n != 1 {
		t.Fatalf("decimal comma / date format / constant not applied: %d", n)
	}
}

func TestFormatsAndEncodings(t *testing.T) {
	latin := []byte("sku;name;sector\nA;Chaussure \xe0 talon;fashion\nB;T\xe9l\xe9viseur;high_tech\n")
	bom := append([]byte("\xef\xbb\xbf"), []byte("sku,name,sector\nA,Chaussure à talon,fashion\nB,Téléviseur,high_tech\n")...)
	ndjson := []byte(`{"sku":"A","name":"Chaussure à talon","sector":"fashion"}` + "\n" + `{"sku":"B","name":"Téléviseur","sector":"high_tech","weight_kg":12.5}` + "\n")
	for _, tc := range []struct {
		name string
		file string
		data []byte
	}{
		{"latin-1 semicolon", "products.csv", latin},
		{"utf-8 bom", "products.csv", bom},
		{"gzip", "products.csv.gz", gz(t, bom)},
		{"ndjson", "products.ndjson", ndjson},
		{"ndjson gzip", "products.ndjson.gz", gz(t, ndjson)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openTest(t)
			p := write(t, t.TempDir(), tc.file, tc.data)
			s, err := LoadFile(context.Background(), w, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Inserted != 2 {
				t.Fatalf("%+v", s)
			}
			var name string
			if err := w.QueryRow(context.Background(), `SELECT name FROM products WHERE sku = 'B'`).Scan(&name); err != nil {
				t.Fatal(err)
			}
			if name != "Téléviseur" {
				t.Fatalf("name %q", name)
			}
		})
	}
	t.Run("parquet", func(t *testing.T) {
		w := openTest(t)
		dir := t.TempDir()
		pq := filepath.Join(dir, "orders.parquet")
		_, err := w.Exec(context.Background(), fmt.Sprintf(`COPY (SELECT 'o' || i AS order_id, '1' AS line_id, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR AS order_ts,
			'A' AS sku, (i %% 3) + 1 AS qty, 9.5 AS unit_price FROM range(1000) t(i)) TO '%s' (FORMAT parquet)`, pq))
		if err != nil {
			t.Fatal(err)
		}
		s, err := LoadFile(context.Background(), w, pq, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Inserted != 1000 || s.Entity != "order_lines" {
			t.Fatalf("%+v", s)
		}
		if n := countRows(t, w, `SELECT sum(qty) FROM order_lines`); n != 1999 {
			t.Fatalf("sum qty %d", n)
		}
	})
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-01-31", "2026-01-31 00:00:00", true},
		{"2026-01-31 14:05:09", "2026-01-31 14:05:09", true},
		{"2026-01-31T14:05:09", "2026-01-31 14:05:09", true},
		{"2026-01-31T14:05:09+01:00", "2026-01-31 13:05:09", true},
		{"31/01/2026", "2026-01-31 00:00:00", true},
		{"31/01/2026 14:05", "2026-01-31 14:05:00", true},
		{"2024-02-29", "2024-02-29 00:00:00", true},
		{"2025-02-29", "", false},
		{"2026-13-45", "", false},
		{"yesterday", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			us, err := ParseTime(tc.in, nil)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v", err)
			}
			if tc.ok && fmtMicros(us) != tc.want {
				t.Fatalf("got %s want %s", fmtMicros(us), tc.want)
			}
		})
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in    string
		comma bool
		want  float64
		err   error
	}{
		{"12.5", false, 12.5, nil},
		{"-3", false, -3, nil},
		{"12,50", false, 0, errCommaInDot},
		{"12,50", true, 12.5, nil},
		{"1 234,5", true, 1234.5, nil},
		{"1.234,5", true, 1234.5, nil},
		{"1,2,3", true, 0, errBadNumber},
		{"NaN", false, 0, errBadNumber},
		{"inf", true, 0, errBadNumber},
		{"0x10", false, 0, errBadNumber},
		{"12 EUR", false, 0, errBadNumber},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDecimal(tc.in, tc.comma)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Fatalf("ParseDecimal(%q, %v) = %v, %v", tc.in, tc.comma, got, err)
			}
		})
	}
}

func TestSplitCSV(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  error
	}{
		{`a,b,c`, []string{"a", "b", "c"}, nil},
		{`a,,c`, []string{"a", "", "c"}, nil},
		{`"a,1","b ""q""",c`, []string{"a,1", `b "q"`, "c"}, nil},
		{"\"multi\nline\",x", []string{"multi\nline", "x"}, nil},
		{`a,`, []string{"a", ""}, nil},
		{`"a"b,c`, nil, errBareQuote},
		{`"abc`, nil, errUnterminated},
		{`ab"c,d`, []string{`ab"c`, "d"}, nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := splitCSV([]byte(tc.in), ',', nil)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			var s []string
			for _, g := range got {
				s = append(s, string(g))
			}
			if fmt.Sprintf("%q", s) != fmt.Sprintf("%q", tc.want) {
				t.Fatalf("got %q want %q", s, tc.want)
			}
		})
	}
}

func TestClassifyReason(t *testing.T) {
	for text, want := range map[string]string{
		"Trop petit, je reprends la taille au-dessus": "size_too_small",
		"Runs large":                 "size_too_large",
		"L'écran ne fonctionne plus": "defective",
		"Colis arrivé abîmé":         "damaged_in_transit",
		"Pas conforme à la photo":    "not_as_described",
		"":                           "other",
		"blah":                       "other",
	} {
		if got := ClassifyReason(text, nil); got != want {
			t.Errorf("ClassifyReason(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestMappingErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, msg string }{
		{"entity: orders\n", "entity \"orders\""},
		{"entity: sales\n", "needs a returns"},
		{"decimal: virgule\n", "decimal"},
		{"date_formats: ['dd/mm/yyyy']\n", "date format"},
		{"colums: {}\n", "colums"},
		{"reason_rules: [{reason: broken, any: [x]}]\n", "not canonical"},
	} {
		_, err := ParseMapping("m.yaml", []byte(tc.yaml))
		if !errors.Is(err, ErrMapping) || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), "m.yaml") {
			t.Errorf("%q: err %v, want mention of %q", tc.yaml, err, tc.msg)
		}
	}
}
