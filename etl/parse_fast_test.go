package etl

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestFastDecimalMatchesStrconv: the fast path gives strconv's bits on the
// shapes it takes, and leaves the others to it.
func TestFastDecimalMatchesStrconv(t *testing.T) {
	cases := []string{"0", "-0", "0.00", "-0.00", "25.99", "5.08", "1", ".5", "5.", "123456789012345", "0.00000000000001",
		"999999999999999", "12345.6789", "-98765.4321", "0.1", "0.3", "1.005", "007.50"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := r.IntN(15) + 1
		b := make([]byte, 0, n+2)
		if r.IntN(4) == 0 {
			b = append(b, '-')
		}
		dot := r.IntN(n + 1)
		for i := range n {
			if i == dot && i > 0 {
				b = append(b, '.')
			}
			b = append(b, byte('0'+r.IntN(10)))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got, ok := fastDecimal(s)
		if !ok {
			t.Fatalf("%q: not taken by the fast path", s)
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%q: fast %v (%x), strconv %v (%x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, s := range []string{"", "-", ".", "1e5", "+5", "1.2.3", "1,5", "1234567890123456", "inf", "0x1p3", "1_000", " 5"} {
		if _, ok := fastDecimal(s); ok {
			t.Errorf("%q: taken by the fast path, should be left to strconv", s)
		}
	}
}

// TestFastISOMatchesTimeParse: every day of years 0001-9999 sampled, at
// several times, gives time.Parse's instant; bad shapes are left to it.
func TestFastISOMatchesTimeParse(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	check := func(s string) {
		t.Helper()
		layout := "2006-01-02"
		if len(s) == 19 {
			layout = "2006-01-02 15:04:05"
			if s[10] == 'T' {
				layout = "2006-01-02T15:04:05"
			}
		}
		want, err := time.Parse(layout, s)
		got, ok := fastISO(s)
		if err != nil {
			if ok {
				t.Fatalf("%q: fast path took what time.Parse refuses (%v)", s, err)
			}
			return
		}
		if !ok || got != want.UnixMicro() {
			t.Fatalf("%q: fast %d %v, time.Parse %d", s, got, ok, want.UnixMicro())
		}
	}
	for d := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 10000; d = d.AddDate(0, 0, 1+r.IntN(40)) {
		check(d.Format("2006-01-02"))
		check(d.Add(time.Duration(r.Int64N(86400)) * time.Second).Format("2006-01-02 15:04:05"))
	}
	for _, s := range []string{"2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "2026-12-31 23:59:59", "2026-13-01", "2026-00-10",
		"2026-01-32", "2026-04-31", "2026-01-01 24:00:00", "2026-01-01 12:60:00", "2026-01-01T08:26:00", "2026-1-01", "2026/01/01",
		"20a6-01-01", "2026-01-01 1:00:000", "0000-01-01", "1970-01-01 00:00:00", "1969-12-31 23:59:59"} {
		check(s)
	}
}
