package demo

import (
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// ParseISOWeek returns the Monday (00:00 UTC) of an ISO week in any form
// warehouse.ParseWeek accepts (2026-W46, 2026-w46, 2026W46).
func ParseISOWeek(s string) (time.Time, error) {
	w, err := warehouse.ParseWeek(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %w", ErrWeek, err)
	}
	return w.Start(), nil
}

// ISOWeekLabel formats the ISO week of t as "YYYY-Www".
func ISOWeekLabel(t time.Time) string { return warehouse.WeekLabel(t) }

// calendar maps week indexes to dates and seasonal factors.
type calendar struct {
	start    time.Time // Monday of week 0
	weeks    int
	startSec int64 // Unix seconds of start
	endSec   int64 // Unix seconds of the end of data (Monday after the last week)
	// dates[d] is "YYYY-MM-DD " for day d counted from firstDay.
	firstDay int64 // days since Unix epoch of dates[0]
	dates    [][11]byte
}

const (
	secPerDay  = 86400
	secPerWeek = 7 * secPerDay
	// calMarginDays is how far before the start and after the end timestamps
	// may fall (orders before the first ship week, processing after receipt).
	calMarginDays = 400
)

func newCalendar(endWeek string, weeks int) (*calendar, error) {
	end, err := ParseISOWeek(endWeek)
	if err != nil {
		return nil, err
	}
	start := end.AddDate(0, 0, -7*(weeks-1))
	c := &calendar{start: start, weeks: weeks, startSec: start.Unix()}
	c.endSec = c.startSec + int64(weeks)*secPerWeek
	c.firstDay = c.startSec/secPerDay - calMarginDays
	n := int(int64(weeks)*7 + 2*calMarginDays)
	c.dates = make([][11]byte, n)
	for i := range c.dates {
		d := time.Unix((c.firstDay+int64(i))*secPerDay, 0).UTC()
		var b [11]byte
		copy(b[:], d.Format("2006-01-02 "))
		c.dates[i] = b
	}
	return c, nil
}

// weekMonday returns the Monday of week index t.
func (c *calendar) weekMonday(t int) time.Time { return c.start.AddDate(0, 0, 7*t) }

// appendTS appends sec (Unix seconds) as "2006-01-02 15:04:05"; times outside
// the calendar's range are clamped to its ends (they never occur in practice).
func (c *calendar) appendTS(b []byte, sec int64) []byte {
	day := sec/secPerDay - c.firstDay
	if day < 0 {
		day = 0
	} else if day >= int64(len(c.dates)) {
		day = int64(len(c.dates)) - 1
	}
	b = append(b, c.dates[day][:]...)
	s := sec % secPerDay
	if s < 0 {
		s += secPerDay
	}
	h, m, ss := s/3600, s/60%60, s%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+ss/10), byte('0'+ss%10))
}

// seasonDay is a calendar position used by the seasonal profiles.
type seasonDay struct {
	isoWeek     int  // ISO week number of the week's Monday
	month       int  // month of the week's Thursday
	day         int  // day of month of the week's Thursday
	blackFriday bool // the week holds Black Friday (day after the 4th Thursday of November)
	cyberWeek   bool // the week after Black Friday
	winterSales bool // French winter sales (about 2nd Wednesday of January, 4 weeks)
	summerSales bool // French summer sales (about last Wednesday of June, 4 weeks)
	christmas   bool // the two weeks before Christmas
}

func (c *calendar) season(t int) seasonDay {
	mon := c.weekMonday(t)
	thu := mon.AddDate(0, 0, 3)
	_, w := mon.ISOWeek()
	sd := seasonDay{isoWeek: w, month: int(thu.Month()), day: thu.Day()}
	bf := blackFriday(mon.Year())
	sun := mon.AddDate(0, 0, 6)
	sd.blackFriday = !bf.Before(mon) && !bf.After(sun)
	sd.cyberWeek = !bf.Before(mon.AddDate(0, 0, -7)) && !bf.After(sun.AddDate(0, 0, -7))
	winter := time.Date(thu.Year(), time.January, 8, 0, 0, 0, 0, time.UTC)
	sd.winterSales = !thu.Before(winter) && thu.Before(winter.AddDate(0, 0, 28))
	summer := time.Date(thu.Year(), time.June, 24, 0, 0, 0, 0, time.UTC)
	sd.summerSales = !thu.Before(summer) && thu.Before(summer.AddDate(0, 0, 28))
	xmas := time.Date(thu.Year(), time.December, 25, 0, 0, 0, 0, time.UTC)
	sd.christmas = thu.Before(xmas) && !thu.Before(xmas.AddDate(0, 0, -14))
	return sd
}

// blackFriday returns the day after the fourth Thursday of November.
func blackFriday(year int) time.Time {
	nov1 := time.Date(year, time.November, 1, 0, 0, 0, 0, time.UTC)
	firstThu := 1 + (int(time.Thursday)-int(nov1.Weekday())+7)%7
	return time.Date(year, time.November, firstThu+21+1, 0, 0, 0, 0, time.UTC)
}
