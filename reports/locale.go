package reports

import (
	"fmt"
	"math"
	"regexp"
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
	case a > 0 && a < 0.1:
		// small factors (0.0047 kg/kg) keep two significant digits
		return l.Number(v, min(8, int(math.Ceil(-math.Log10(a)))+1))
	}
	return l.Number(v, 2)
}

// Value formats v followed by its unit ("1 234,5 EUR", "12.3 %"). Counts
// (units, n) and scores print bare: the tile or caption names the unit.
func (l Lang) Value(v float64, unit string) string {
	n := l.Auto(v)
	if unit == "" || unit == "units" || unit == "n" || unit == "score" {
		return n
	}
	sep := " "
	if l == French {
		sep = frGroup
	}
	return n + sep + l.unit(unit)
}

// unitNames spells unit codes for readers: key -> {English, French}. Codes
// not listed (%, h, EUR, kg, kgCO2e, km ...) read the same in both languages.
var unitNames = map[string][2]string{
	"units":         {"units", "unités"},
	"n":             {"count", "nombre"},
	"d":             {"days", "jours"},
	"score":         {"score", "note"},
	"FTE":           {"FTE", "ETP"},
	"×":             {"× threshold", "× seuil"},
	"kgCO2e/unit":   {"kgCO2e/unit", "kgCO2e/unité"},
	"kgCO2e/parcel": {"kgCO2e/parcel", "kgCO2e/colis"},
}

// unit spells a unit code, or a comma-separated list of them ("n, d, EUR"),
// in the language.
func (l Lang) unit(u string) string {
	if strings.Contains(u, ", ") {
		parts := strings.Split(u, ", ")
		for i, p := range parts {
			parts[i] = l.unit(p)
		}
		return strings.Join(parts, ", ")
	}
	if e, ok := unitNames[u]; ok {
		if l == French {
			return e[1]
		}
		return e[0]
	}
	return u
}

// Colon is ": " in English and " : " (no-break space first) in French.
func (l Lang) Colon() string {
	if l == French {
		return frGroup + ": "
	}
	return ": "
}

// PP is the unit of a change between two rates: percentage points.
func (l Lang) PP() string {
	if l == French {
		return frGroup + "pt"
	}
	return " pp"
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

// Text translates a text the KPI stage writes in English (a benchmark or
// factor source, a factor item: "src." keys) when it is exactly the shipped
// one, and leaves any other text as given.
func (l Lang) Text(s string) string {
	if e, ok := labels["src."+s]; ok && l == French && e[1] != "" {
		return e[1]
	}
	return s
}

var (
	reSourceRun   = regexp.MustCompile(`\brun (\d+)\b`)
	reSourceLevel = regexp.MustCompile(`\(level (\w+)\)`)
)

// Source spells a caption's source ("carbon_facts, run 3", "reason_forecasts
// (level category), run 2") in the language: the table names stay, the words
// around them are translated. A known text (see Text) is translated whole.
func (l Lang) Source(s string) string {
	if _, ok := labels["src."+s]; ok || l != French {
		return l.Text(s)
	}
	s = reSourceRun.ReplaceAllString(s, "exécution n°\u00a0$1")
	return reSourceLevel.ReplaceAllStringFunc(s, func(m string) string {
		return "(niveau " + l.Name(reSourceLevel.FindStringSubmatch(m)[1]) + ")"
	})
}

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
