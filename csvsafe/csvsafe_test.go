package csvsafe_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/csvsafe"
	"github.com/retour-analytics/retour/warehouse"
)

func TestCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"-5", "'-5"}, // in a text column, even a number-looking text
		{"jeans", "jeans"},
		{"a=b", "a=b"},
		{"", ""},
		{"'quoted", "'quoted"},
	}
	for _, c := range cases {
		if got := csvsafe.Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNumber(t *testing.T) {
	cases := []struct{ in, want string }{
		{"-12", "-12"}, {"0.0047", "0.0047"}, {"-1.5e-07", "-1.5e-07"}, {"1e+21", "1e+21"}, {"", ""}, {"42", "42"},
		{"-1+2", "'-1+2"}, {"=1", "'=1"}, {"+5", "'+5"}, {"-", "'-"}, {"1.", "1."}, {"-.5", "'-.5"}, {"1e", "1e"},
	}
	for _, c := range cases {
		if got := csvsafe.Number(c.in); got != c.want {
			t.Errorf("Number(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b, 1)
	for _, rec := range [][]string{{"name", "value"}, {"=HYPERLINK(\"x\")", "-3.5"}, {"@SUM(A1)", "=1+1"}, {"ok", ""}} {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "value"}, {"'=HYPERLINK(\"x\")", "-3.5"}, {"'@SUM(A1)", "'=1+1"}, {"ok", ""}}
	for i := range want {
		for j := range want[i] {
			if recs[i][j] != want[i][j] {
				t.Errorf("record %d field %d = %q, want %q", i, j, recs[i][j], want[i][j])
			}
		}
	}
}

// TestWriteRows exports a real DuckDB query: hostile text is neutralised,
// numbers (negative ones too), dates, booleans and NULLs come out as
// themselves.
func TestWriteRows(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows, err := w.Query(ctx, `SELECT * FROM (VALUES
		('=HYPERLINK("http://evil.example","x")', -3::INTEGER, -0.25::DOUBLE, DATE '2026-11-16', TIMESTAMP '2026-11-16 10:30:00', true, 12.50::DECIMAL(10,2), -170141183460469231731687303715884105727::HUGEINT),
		('+cmd|'' /C calc''!A0', 0, 1e-9, NULL, NULL, false, -1.25::DECIMAL(10,2), 5::HUGEINT),
		('@SUM(1+1)', 7, 1234567.5, DATE '2020-02-29', TIMESTAMP '2026-01-01 00:00:01', NULL, NULL, NULL),
		(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
	) t(txt, i, f, d, ts, b, dec, huge)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b bytes.Buffer
	n, err := csvsafe.WriteRows(&b, rows)
	if err != nil || n != 4 {
		t.Fatalf("WriteRows = %d, %v", n, err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"txt", "i", "f", "d", "ts", "b", "dec", "huge"},
		{`'=HYPERLINK("http://evil.example","x")`, "-3", "-0.25", "2026-11-16", "2026-11-16 10:30:00", "true", "12.5", "-170141183460469231731687303715884105727"},
		{"'+cmd|' /C calc'!A0", "0", "1e-09", "", "", "false", "-1.25", "5"},
		{"'@SUM(1+1)", "7", "1234567.5", "2020-02-29", "2026-01-01 00:00:01", "", "", ""},
		{"", "", "", "", "", "", "", ""},
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i, recs[i], want[i])
		}
	}
}

// FuzzCell: whatever the text, the written cell never starts with a formula
// character, and the original text follows the added quote.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1+1", "+a", "-1", "@x", "\tx", "plain", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := csvsafe.Cell(s)
		if c != "" && strings.ContainsRune("=+-@\t\r\n", rune(c[0])) {
			t.Fatalf("Cell(%q) = %q starts with a formula character", s, c)
		}
		if c != s && c != "'"+s {
			t.Fatalf("Cell(%q) = %q changes the text", s, c)
		}
		if n := csvsafe.Number(s); n != "" && strings.ContainsRune("=+@\t\r\n", rune(n[0])) {
			t.Fatalf("Number(%q) = %q starts with a formula character", s, n)
		}
	})
}
