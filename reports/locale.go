package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Lang is a report language: number, date and label conventions.
type Lang string

// Supported languages.
const (
	English Lang = "en"
	French  Lang = "fr"
)

// ParseLang accepts "en" or "fr" (case-insensitive).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "en", "":
		return English, nil
	case "fr":
		return French, nil
	}
	return "", fmt.Errorf("parse language %q: %w", s, ErrBadLang)
}

// frGroup is the French thousands separator: a no-break space, so a number
// never wraps across lines.
const frGroup = "\u00a0"

// Number formats v with the given decimals: en 1,234.5; fr 1 234,5.
// NaN and infinities print as an en dash.
func (l Lang) Number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	group, point := ",", "."
	if l == French {
		group, point = frGroup, ","
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("-")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Auto formats v with decimals chosen by magnitude: none for whole numbers,
// 1 from 10 up, else 2.
func (l Lang) Auto(v float64) string {
	a := math.Abs(v)
	if v == math.Trunc(v) && a < 1e15 {
		return l.Number(v, 0)
	}
	switch {
	case a >= 10:
		return l.Number(v, 1)
	}
	return l.Number(v, 2)
}

// Value formats v followed by its unit ("1 234,5 EUR", "12.3 %").
func (l Lang) Value(v float64, unit string) string {
	n := l.Auto(v)
	if unit == "" || unit == "units" || unit == "n" {
		return n
	}
	sep := " "
	if l == French {
		sep = frGroup
	}
	return n + sep + l.unit(unit)
}

func (l Lang) unit(u string) string {
	if l == French {
		switch u {
		case "units":
			return "unités"
		case "score":
			return "score"
		case "d":
			return "j"
		}
	}
	return u
}

// Date formats t: en 2026-11-22, fr 22/11/2026.
func (l Lang) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if l == French {
		return t.Format("02/01/2006")
	}
	return t.Format("2006-01-02")
}

// DateTime formats t with minutes.
func (l Lang) DateTime(t time.Time) string {
	if l == French {
		return t.Format("02/01/2006 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// T returns the label for key in the language; unknown keys come back as is.
func (l Lang) T(key string) string {
	e, ok := labels[key]
	if !ok {
		return key
	}
	if l == French && e[1] != "" {
		return e[1]
	}
	return e[0]
}

// Tf is T followed by fmt.Sprintf.
func (l Lang) Tf(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// Name translates a data code (reason, disposition, sector, route, mode) when
// the dictionary knows it, and leaves other values (SKUs, names) untouched.
func (l Lang) Name(code string) string {
	if e, ok := labels["code."+code]; ok {
		if l == French && e[1] != "" {
			return e[1]
		}
		return e[0]
	}
	return code
}
