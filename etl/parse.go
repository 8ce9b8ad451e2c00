package etl

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Parsing errors; messages say what to fix.
var (
	errBadTime     = errors.New("not a date: use ISO (2026-01-31, 2026-01-31 14:05:00), dd/mm/yyyy (31/01/2026 14:05) or set date_formats in the mapping")
	errBadNumber   = errors.New("not a number")
	errCommaInDot  = errors.New("decimal comma in a column read with decimal points: fix the value, or set `decimal: comma` in the mapping if the whole file uses commas")
	errBadInt      = errors.New("not a whole number")
	errFracQty     = errors.New("quantity must be a whole number")
	defaultLayouts = []string{
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02T15:04",
		"02/01/2006 15:04:05",
		"02/01/2006 15:04",
		"02/01/2006",
		"2/1/2006",
		"02-01-2006",
		"02.01.2006",
		"20060102",
	}
)

// ParseTime parses a timestamp, trying the given layouts first (nil: only the
// defaults: ISO with or without time, dd/mm/yyyy with or without time). Times
// are naive: an explicit offset is converted to UTC. The result is
// microseconds since the Unix epoch.
func ParseTime(s string, layouts []string) (int64, error) {
	s = trimSpace(s)
	if us, ok := fastISO(s); ok {
		return us, nil
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixMicro(), nil
		}
	}
	for _, l := range defaultLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixMicro(), nil
		}
	}
	return 0, errBadTime
}

// fastISO parses "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" (also with T)
// without allocating: straight-line digit checks, and the day number from
// a table of year starts (yearStart).
func fastISO(s string) (int64, bool) {
	if len(s) != 10 && len(s) != 19 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	m0, m1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
		return 0, false
	}
	y := int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	mo, d := int(m0)*10+int(m1), int(d0)*10+int(d1)
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return 0, false
	}
	secs := 0
	if len(s) == 19 {
		if (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
			return 0, false
		}
		h0, h1, i0, i1, s0, s1 := s[11]-'0', s[12]-'0', s[14]-'0', s[15]-'0', s[17]-'0', s[18]-'0'
		if h0 > 9 || h1 > 9 || i0 > 9 || i1 > 9 || s0 > 9 || s1 > 9 {
			return 0, false
		}
		h, mi, se := int(h0)*10+int(h1), int(i0)*10+int(i1), int(s0)*10+int(s1)
		if h > 23 || mi > 59 || se > 59 {
			return 0, false
		}
		secs = h*3600 + mi*60 + se
	}
	days := int64(yearStart[y]) + int64(monthStart[mo]) + int64(d-1)
	if mo > 2 && isLeap(y) {
		days++
	}
	return (days*86400 + int64(secs)) * 1_000_000, true
}

// yearStart[y] is the day number (days since 1970-01-01) of January 1st
// of year y, for the four-digit years fastISO reads; monthStart[m] the
// days before month m in a common year.
var (
	yearStart  [10000]int32
	monthStart = [13]int32{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}
)

func init() {
	for y := range yearStart {
		yearStart[y] = int32(daysFromCivil(y, 1, 1))
	}
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's algorithm: days since 1970-01-01.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// ParseDecimal parses a decimal number. With comma true the decimal separator
// is a comma and '.', spaces and non-breaking spaces group thousands (1.234,5);
// otherwise the separator is a point and ',' is refused (it is either a French
// decimal in the wrong file or a thousands separator that hides one).
// A currency sign or code around the number is not accepted.
func ParseDecimal(s string, comma bool) (float64, error) {
	s = trimSpace(s)
	if s == "" {
		return 0, errBadNumber
	}
	if !comma {
		if f, ok := fastDecimal(s); ok {
			return f, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !isSpecial(s) {
			return f, nil
		}
		if strings.Contains(s, ",") {
			t := strings.Replace(s, ",", ".", 1)
			if _, err := strconv.ParseFloat(t, 64); err == nil && !strings.Contains(s, ".") {
				return 0, errCommaInDot
			}
		}
		return 0, errBadNumber
	}
	var b strings.Builder
	b.Grow(len(s))
	seenComma := false
	for _, r := range s {
		switch {
		case r == ',':
			if seenComma {
				return 0, errBadNumber
			}
			seenComma = true
			b.WriteByte('.')
		case r == '.' || r == ' ' || r == '\u00a0' || r == '\u202f':
			if seenComma {
				return 0, errBadNumber
			}
		default:
			b.WriteRune(r)
		}
	}
	t := b.String()
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || isSpecial(t) {
		return 0, errBadNumber
	}
	return f, nil
}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// fastDecimal parses the common shape [-]digits[.digits] with at most 15
// digits in all: the digits make an integer below 2^52 and the point a
// division by an exact power of ten, so the quotient is the correctly
// rounded value, the same bits strconv.ParseFloat gives (its own exact
// path). Anything else is left to strconv (ok false).
func fastDecimal(s string) (float64, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var m uint64
	digits, frac := 0, -1
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	f := float64(m)
	if frac > 0 {
		f /= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f, true
}

// isSpecial refuses what strconv accepts but no ERP means: inf, nan, hex, underscores.
func isSpecial(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return true
		}
	}
	return false
}

// ParseInt parses a whole number; "3.0" and "3,0" are accepted, "3.5" is not.
func ParseInt(s string, comma bool) (int64, error) {
	s = trimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := ParseDecimal(s, comma)
	if err != nil {
		if errors.Is(err, errCommaInDot) {
			return 0, err
		}
		return 0, errBadInt
	}
	if f != float64(int64(f)) || f > 1<<53 || f < -(1<<53) {
		return 0, errFracQty
	}
	return int64(f), nil
}
