package etl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzMappingKeys: a mapping with the real-export keys (skip, returns.when,
// units, generated and composite keys, value defaults, date window,
// duplicates) either fails with ErrMapping or plans any header, and every
// row then ends in exactly one of: staged, quarantined, skipped. Never panics.
func FuzzMappingKeys(f *testing.F) {
	for _, name := range []string{"invoices.yaml", "products.yaml", "products_from_invoices.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "realexports", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,product_id,product_category_name,product_weight_g",
			"C536379,85123A,WHITE HANGING HEART,-2,12/9/10 9:41,2.55,17850,United Kingdom,p1,beleza_saude,225")
	}
	f.Add("skip: [{any: [{column: a, empty: true}, {not: {column: b, matches: '^x+$'}}]}]\nduplicates: first\n", "sku,a,b", "A,,xx")
	f.Add("columns: {sku: a + b, name: c | a}\nunits: {weight_kg: lb}\ndate_window: {from: 2000-01-01}\n", "a,b,c,weight_kg", "1,2,,3.5")
	f.Fuzz(func(t *testing.T, y, header, row string) {
		m, err := ParseMapping("fuzz.yaml", []byte(y))
		if err != nil {
			if !errors.Is(err, ErrMapping) {
				t.Fatalf("mapping error without ErrMapping: %v", err)
			}
			return
		}
		m.Joins = nil // joined files are read from disk: not fuzzed here
		hdr := strings.Split(header, ",")
		p, err := newPlan("products.csv", hdr, m, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return
		}
		v := newValidator(p, p.stagingSchema(), ',')
		b := &batch{offs: []int{0}}
		b.buf = append(b.buf, row...)
		b.offs = append(b.offs, len(b.buf))
		b.lines = append(b.lines, 2)
		rec, bad, st := v.process(b)
		defer rec.Release()
		if got := rec.NumRows() + int64(len(bad)) + st.skipped; got != 1 {
			t.Fatalf("1 row became %d staged + %d quarantined + %d skipped", rec.NumRows(), len(bad), st.skipped)
		}
	})
}

// FuzzDatePattern: dates written without zero padding read back through
// %m/%d/%y %H:%M and %d/%m/%Y %H:%M:%S; any pattern either converts or
// fails with a message.
func FuzzDatePattern(f *testing.F) {
	f.Add(uint16(2010), uint8(12), uint8(1), uint8(8), uint8(26), uint8(0), "%m/%d/%y %H:%M")
	f.Add(uint16(1999), uint8(1), uint8(31), uint8(23), uint8(5), uint8(9), "%Y%m%d")
	f.Fuzz(func(t *testing.T, y uint16, mo, d, h, mi, s uint8, pattern string) {
		if _, err := toLayout(pattern); err == nil {
			_, _ = ParseTime(pattern, nil)
		}
		year := 1970 + int(y)%99
		tm := time.Date(year, time.Month(1+int(mo)%12), 1+int(d)%28, int(h)%24, int(mi)%60, int(s)%60, 0, time.UTC)
		for _, c := range []struct{ pattern, text string }{
			{"%m/%d/%y %H:%M", fmt.Sprintf("%d/%d/%02d %d:%02d", tm.Month(), tm.Day(), tm.Year()%100, tm.Hour(), tm.Minute())},
			{"%d/%m/%Y %H:%M:%S", fmt.Sprintf("%d/%d/%d %d:%d:%d", tm.Day(), tm.Month(), tm.Year(), tm.Hour(), tm.Minute(), tm.Second())},
		} {
			l, err := toLayout(c.pattern)
			if err != nil {
				t.Fatal(err)
			}
			us, err := ParseTime(c.text, []string{l})
			want := tm
			if c.pattern[len(c.pattern)-1] == 'M' {
				want = tm.Truncate(time.Minute)
			}
			if err != nil || us != want.UnixMicro() {
				t.Fatalf("%q with %s: %s, %v; want %s", c.text, c.pattern, fmtMicros(us), err, want)
			}
		}
	})
}
