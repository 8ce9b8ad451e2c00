package reports

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestNumberAndDateFormats(t *testing.T) {
	nb := "\u00a0"
	cases := []struct {
		lang Lang
		v    float64
		dec  int
		unit string
		want string
	}{
		{English, 1234.5, 1, "EUR", "1,234.5 EUR"},
		{French, 1234.5, 1, "EUR", "1" + nb + "234,5" + nb + "EUR"},
		{English, -1234567.891, 2, "", "-1,234,567.89"},
		{French, -1234567.891, 2, "", "-1" + nb + "234" + nb + "567,89"},
		{English, 999, 0, "", "999"},
		{English, 0.004, 2, "", "0.00"},
		{French, math.NaN(), 1, "", "–"},
	}
	for _, c := range cases {
		t.Run(string(c.lang)+c.want, func(t *testing.T) {
			got := c.lang.Number(c.v, c.dec)
			if c.unit != "" {
				got = c.lang.Value(c.v, c.unit)
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	d := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	if got := French.Date(d); got != "22/11/2026" {
		t.Errorf("fr date %q", got)
	}
	if got := English.Date(d); got != "2026-11-22" {
		t.Errorf("en date %q", got)
	}
	if got := English.Value(6, "n"); got != "6" {
		t.Errorf("whole count shown as %q", got)
	}
}

func TestParseWeekAndLang(t *testing.T) {
	cases := []struct {
		in    string
		start string
		ok    bool
	}{
		{"2026-W47", "2026-11-16", true},
		{"2026W01", "2025-12-29", true},
		{"2020-W53", "2020-12-28", true},
		{"2026-W53", "2026-12-28", true}, // 1 January 2026 is a Thursday: 53 weeks
		{"2025-W53", "", false},
		{"2026-W00", "", false},
		{"26-W4", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			w, err := ParseWeek(c.in)
			if !c.ok {
				if !errors.Is(err, ErrBadWeek) {
					t.Fatalf("want ErrBadWeek, got %v (%v)", err, w)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := day(w.Start()); got != c.start {
				t.Errorf("start %s, want %s", got, c.start)
			}
			if w.Add(1).Add(-1) != w {
				t.Errorf("Add is not reversible")
			}
		})
	}
	if _, err := ParseLang("de"); !errors.Is(err, ErrBadLang) {
		t.Errorf("ParseLang(de) = %v", err)
	}
}
