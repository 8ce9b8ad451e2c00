package etl

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzSplitCSV: whatever encoding/csv writes, splitCSV reads back the same fields.
func FuzzSplitCSV(f *testing.F) {
	for _, s := range []string{"a,b,c", `x,"y,z"`, "\"q\"\"q\",", "é,ü\nline", ""} {
		f.Add(s, byte(','))
	}
	f.Add("a;b", byte(';'))
	f.Fuzz(func(t *testing.T, s string, d byte) {
		if d != ',' && d != ';' && d != '\t' && d != '|' {
			d = ','
		}
		if !utf8.ValidString(s) {
			return
		}
		fields := strings.Split(s, "|")
		if d == '|' {
			fields = strings.Split(s, ",")
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = rune(d)
		if err := w.Write(fields); err != nil {
			return
		}
		w.Flush()
		rec := trimEOL(buf.Bytes())
		got, err := splitCSV(rec, d, nil)
		if err != nil {
			t.Fatalf("split %q: %v", rec, err)
		}
		if len(got) != len(fields) {
			t.Fatalf("split %q: %d fields, want %d", rec, len(got), len(fields))
		}
		for i := range got {
			// encoding/csv writes \r\n inside quoted fields as is; compare modulo \r
			if strings.ReplaceAll(string(got[i]), "\r", "") != strings.ReplaceAll(fields[i], "\r", "") {
				t.Fatalf("field %d: %q want %q", i, got[i], fields[i])
			}
		}
		// and arbitrary bytes never panic
		_, _ = splitCSV([]byte(s), d, nil)
	})
}

// FuzzRecordReader: records and line numbers never go backwards, and every byte is accounted for.
func FuzzRecordReader(f *testing.F) {
	f.Add("h1,h2\na,b\n\"x\ny\",z\r\nlast")
	f.Fuzz(func(t *testing.T, s string) {
		rr := newRecordReader(strings.NewReader(s))
		prev := int64(0)
		for i := 0; i < 10000; i++ {
			_, line, err := rr.next()
			if err != nil {
				break
			}
			if line <= prev {
				t.Fatalf("line %d after %d", line, prev)
			}
			prev = line
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-01-31 14:05:09", "31/01/2026 14:05", "2024-02-29T00:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		us, err := ParseTime(s, []string{"02/01/2006"})
		if err != nil {
			return
		}
		// fast path and time.Parse agree where both apply
		if len(s) == 19 || len(s) == 10 {
			if fast, ok := fastISO(s); ok && fast != us {
				t.Fatalf("%q: %d vs %d", s, fast, us)
			}
		}
		// a parsed time formats back to something that parses to the same instant
		back, err := ParseTime(fmtMicros(us), nil)
		if err != nil || (back != us && us%1_000_000 == 0) {
			t.Fatalf("%q -> %s -> %d, %v", s, fmtMicros(us), back, err)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12.5", "12,5", "1 234,56", "-0", "1e3", "abc"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		x, err := ParseDecimal(s, comma)
		if err != nil {
			return
		}
		if math.IsNaN(x) {
			t.Fatalf("%q -> NaN", s)
		}
		if !comma && strings.Contains(s, ",") {
			t.Fatalf("%q accepted a comma in point mode", s)
		}
		if f, ok := fastDecimal(strings.TrimSpace(s)); ok && !comma && math.Float64bits(f) != math.Float64bits(x) {
			t.Fatalf("%q: fast path %v, ParseDecimal %v", s, f, x)
		}
		if f, ok := fastDecimal(s); ok {
			want, err := strconv.ParseFloat(s, 64)
			if err != nil || math.Float64bits(f) != math.Float64bits(want) {
				t.Fatalf("%q: fast path %v, strconv %v (%v)", s, f, want, err)
			}
		}
	})
}

// FuzzMapping: any YAML either parses into a valid mapping or fails with ErrMapping; never panics.
func FuzzMapping(f *testing.F) {
	seed := []string{"entity: sales\nreturns: {negative_qty: true}\n", "columns: {sku: Article}\nvalues: {sector: {Mode: fashion}}\n", "date_formats: ['%d/%m/%Y']\n"}
	for _, s := range seed {
		f.Add(s, "Article,Mode\nA,Mode\n")
	}
	f.Fuzz(func(t *testing.T, y, csvText string) {
		m, err := ParseMapping("fuzz.yaml", []byte(y))
		if err != nil {
			return
		}
		m.Joins = nil // joined files are read from disk: not fuzzed here
		rec, _, err := newRecordReader(strings.NewReader(csvText)).next()
		if err != nil {
			return
		}
		hdr, err := splitCSV(rec, ',', nil)
		if err != nil {
			return
		}
		var header []string
		for _, h := range hdr {
			header = append(header, string(h))
		}
		p, err := newPlan("products.csv", header, m, time.Now())
		if err != nil {
			return
		}
		v := newValidator(p, p.stagingSchema(), ',')
		b := &batch{offs: []int{0}}
		b.buf = append(b.buf, csvText...)
		b.offs = append(b.offs, len(b.buf))
		b.lines = append(b.lines, 2)
		rec2, _, _ := v.process(b)
		rec2.Release()
		_ = ClassifyReason(csvText, m.ReasonRules)
	})
}
