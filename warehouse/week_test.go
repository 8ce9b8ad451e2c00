package warehouse

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	cases := []struct {
		in      string
		want    Week
		wantErr string
	}{
		{in: "2026-W40", want: Week{2026, 40}},
		{in: "2026-w40", want: Week{2026, 40}},
		{in: "2026W40", want: Week{2026, 40}},
		{in: "2026w40", want: Week{2026, 40}},
		{in: " 2026-W05 ", want: Week{2026, 5}},
		{in: "2026-W5", want: Week{2026, 5}},
		{in: "2020-W53", want: Week{2020, 53}},
		{in: "2025-W53", wantErr: "2025 has no week 53"},
		{in: "2026-W53", want: Week{2026, 53}},
		{in: "2026-W00", wantErr: "has no week 0"},
		{in: "2026-40", wantErr: WeekForms},
		{in: "2026-10-05", wantErr: WeekForms},
		{in: "W40", wantErr: WeekForms},
		{in: "26-W40", wantErr: WeekForms},
		{in: "2026--W40", wantErr: WeekForms},
		{in: "2026-W400", wantErr: WeekForms},
		{in: "2026-W4x", wantErr: WeekForms},
		{in: "", wantErr: WeekForms},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseWeek(tc.in)
			if tc.wantErr != "" {
				if !errors.Is(err, ErrBadWeek) || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), `"`+tc.in+`"`) {
					t.Fatalf("ParseWeek(%q) = %v, %v; want ErrBadWeek naming the value and %q", tc.in, got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseWeek(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestWeekCalendar(t *testing.T) {
	cases := []struct {
		week  string
		start string // Monday
	}{
		{"2026-W01", "2025-12-29"},
		{"2026-W40", "2026-09-28"},
		{"2020-W53", "2020-12-28"},
		{"2021-W01", "2021-01-04"},
	}
	for _, tc := range cases {
		t.Run(tc.week, func(t *testing.T) {
			w := MustWeek(tc.week)
			if got := w.Start().Format(time.DateOnly); got != tc.start {
				t.Fatalf("Start = %s, want %s", got, tc.start)
			}
			if d := w.End().Sub(w.Start()); d != 7*24*time.Hour {
				t.Fatalf("End - Start = %v", d)
			}
			if WeekOf(w.End().Add(-time.Nanosecond)) != w || WeekOf(w.End()) != w.Add(1) {
				t.Fatalf("End is not the exclusive bound of %v", w)
			}
			if w.String() != tc.week || WeekLabel(w.Start()) != tc.week {
				t.Fatalf("String = %s", w)
			}
			for _, n := range []int{-60, -1, 0, 1, 53, 104} {
				if got := w.Add(n).Sub(w); got != n {
					t.Fatalf("%v.Add(%d).Sub = %d", w, n, got)
				}
			}
			if !w.Add(-1).Before(w) || w.Before(w) {
				t.Fatal("Before")
			}
		})
	}
}

func TestWeekJSON(t *testing.T) {
	var v struct{ W Week }
	if err := json.Unmarshal([]byte(`{"W":"2026w07"}`), &v); err != nil || v.W != (Week{2026, 7}) {
		t.Fatalf("%v %v", v, err)
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) != `{"W":"2026-W07"}` {
		t.Fatalf("%s %v", b, err)
	}
	if err := json.Unmarshal([]byte(`{"W":"July"}`), &v); !errors.Is(err, ErrBadWeek) {
		t.Fatalf("err = %v", err)
	}
}

// FuzzParseWeek: whatever ParseWeek accepts formats back to a week that
// parses to itself, and its Monday lies in it.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W40", "2026w40", "2020-W53", "2026-W53", "x", "2026-W-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeek(s)
		if err != nil {
			if !errors.Is(err, ErrBadWeek) {
				t.Fatalf("error %v does not wrap ErrBadWeek", err)
			}
			return
		}
		back, err := ParseWeek(w.String())
		if err != nil || back != w || WeekOf(w.Start()) != w {
			t.Fatalf("%q -> %v -> %v, %v", s, w, back, err)
		}
	})
}
