package warehouse

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Week is an ISO 8601 week: weeks start on Monday and week 1 is the week that
// holds 4 January. The zero Week is "no week" (IsZero).
type Week struct {
	Year int // ISO week-numbering year (may differ from the calendar year around New Year)
	Num  int // 1..53
}

// WeekForms lists the spellings ParseWeek accepts, for messages.
const WeekForms = "2026-W40, 2026-w40 or 2026W40"

// ParseWeek reads an ISO week written 2026-W40, 2026-w40 or 2026W40 (spaces
// around it are ignored). Anything else, and weeks that do not exist (week 53
// of a 52-week year), are refused with an error wrapping ErrBadWeek that
// names the value and the accepted forms.
func ParseWeek(s string) (Week, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	y, n, ok := strings.Cut(t, "W")
	y = strings.TrimSuffix(y, "-")
	if !ok || len(y) != 4 || len(n) < 1 || len(n) > 2 || !allDigits(y) || !allDigits(n) {
		return Week{}, fmt.Errorf("week %q: %w (write it as %s)", s, ErrBadWeek, WeekForms)
	}
	year, _ := strconv.Atoi(y)
	num, _ := strconv.Atoi(n)
	w := Week{Year: year, Num: num}
	if year < 1000 || num < 1 || num > 53 || WeekOf(w.Start()) != w {
		return Week{}, fmt.Errorf("week %q: %w: %d has no week %d (ISO years have 52 or 53 weeks)", s, ErrBadWeek, year, num)
	}
	return w, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// MustWeek is ParseWeek for constants in tests and examples; it panics on a bad week.
func MustWeek(s string) Week {
	w, err := ParseWeek(s)
	if err != nil {
		panic(err)
	}
	return w
}

// WeekOf returns the ISO week holding t (in t's location).
func WeekOf(t time.Time) Week {
	y, n := t.ISOWeek()
	return Week{Year: y, Num: n}
}

// IsZero reports whether w is the zero Week (no week given).
func (w Week) IsZero() bool { return w == Week{} }

// Start is the Monday of the week, 00:00 UTC.
func (w Week) Start() time.Time {
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w.Num-1))
}

// End is the Monday after the week, 00:00 UTC: the exclusive upper bound.
func (w Week) End() time.Time { return w.Start().AddDate(0, 0, 7) }

// Add moves n weeks forward (back when n < 0).
func (w Week) Add(n int) Week { return WeekOf(w.Start().AddDate(0, 0, 7*n)) }

// Sub is the number of weeks from u to w (w.Sub(w.Add(-3)) == 3).
func (w Week) Sub(u Week) int {
	return int(math.Round(w.Start().Sub(u.Start()).Hours() / (24 * 7)))
}

// Before reports whether w comes before u.
func (w Week) Before(u Week) bool {
	return w.Year < u.Year || w.Year == u.Year && w.Num < u.Num
}

// String is the ISO form, e.g. 2026-W40; "" for the zero Week.
func (w Week) String() string {
	if w.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-W%02d", w.Year, w.Num)
}

// WeekLabel formats the ISO week holding t, e.g. 2026-W40.
func WeekLabel(t time.Time) string { return WeekOf(t).String() }

// MarshalText writes the ISO form, so a Week is a string in JSON.
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads any form ParseWeek accepts.
func (w *Week) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*w = Week{}
		return nil
	}
	v, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}
