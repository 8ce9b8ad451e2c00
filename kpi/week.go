package kpi

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseWeek returns the Monday (UTC) of an ISO week written "YYYY-Www".
func ParseWeek(s string) (time.Time, error) {
	y, wk, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(wk)
	if !ok || err1 != nil || err2 != nil || year < 1900 || year > 9999 || week < 1 || week > 53 {
		return time.Time{}, fmt.Errorf("%w: %q (want YYYY-Www, e.g. 2026-W12)", ErrWeek, s)
	}
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if yy, ww := monday.ISOWeek(); yy != year || ww != week {
		return time.Time{}, fmt.Errorf("%w: %q: year %d has no week %d", ErrWeek, s, year, week)
	}
	return monday, nil
}

// WeekLabel formats the ISO week of t as "YYYY-Www".
func WeekLabel(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
