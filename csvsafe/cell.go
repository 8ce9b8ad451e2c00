package csvsafe

import "strings"

// triggers are the first characters that make a spreadsheet read a cell as
// a formula (OWASP, CSV injection), plus line feed, which some spreadsheets
// skip before an equals sign.
const triggers = "=+-@\t\r\n"

// Cell returns the text s as it must be written to a CSV cell: with a single
// quote in front when it starts with =, +, -, @, tab, carriage return or
// line feed; unchanged otherwise.
func Cell(s string) string {
	if s != "" && strings.IndexByte(triggers, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Number returns s unchanged when it is a plain decimal number (an optional
// minus sign, digits, an optional fraction and exponent: "-12", "0.5",
// "-1.5e-07") or empty, and Cell(s) otherwise, so a value placed in a numeric
// column can never carry a formula.
func Number(s string) string {
	if s == "" || isNumber(s) {
		return s
	}
	return Cell(s)
}

// isNumber reports whether s is -?digits[.digits][(e|E)[+-]digits].
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
