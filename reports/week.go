package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Week is an ISO 8601 week (Monday start).
type Week struct {
	Year int
	Num  int
}

var weekRe = regexp.MustCompile(`^(\d{4})-?W(\d{1,2})$`)

// ParseWeek reads "2026-W47" (or "2026W47").
func ParseWeek(s string) (Week, error) {
	m := weekRe.FindStringSubmatch(s)
	if m == nil {
		return Week{}, fmt.Errorf("parse week %q: %w", s, ErrBadWeek)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{Year: y, Num: n}
	if n < 1 || n > 53 || WeekOf(w.Start()) != w {
		return Week{}, fmt.Errorf("parse week %q: no such week: %w", s, ErrBadWeek)
	}
	return w, nil
}

// WeekOf returns the ISO week holding t.
func WeekOf(t time.Time) Week {
	y, n := t.ISOWeek()
	return Week{Year: y, Num: n}
}

// Start is the Monday of the week, 00:00 UTC.
func (w Week) Start() time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w.Num-1))
}

// End is the Monday after the week (exclusive bound).
func (w Week) End() time.Time { return w.Start().AddDate(0, 0, 7) }

// Add moves n weeks forward (or back when n < 0).
func (w Week) Add(n int) Week { return WeekOf(w.Start().AddDate(0, 0, 7*n)) }

// String is the ISO form, e.g. 2026-W47.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }
