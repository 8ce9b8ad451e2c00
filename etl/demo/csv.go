package demo

import "strconv"

// appendField appends s as a CSV field, quoted only when it must be.
func appendField(b []byte, s string) []byte {
	need := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			need = true
			break
		}
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendCents appends an amount in cents as a decimal with two digits.
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	r := c % 100
	return append(b, '.', byte('0'+r/10), byte('0'+r%10))
}

// appendTenths appends v/10 with one decimal.
func appendTenths(b []byte, v int64) []byte {
	b = strconv.AppendInt(b, v/10, 10)
	return append(b, '.', byte('0'+v%10))
}

// appendPad appends v zero-padded to width digits.
func appendPad(b []byte, v, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

// fieldBounds returns the start and end offsets of field i of a CSV row
// (without its line end), honouring quotes; ok is false when the row is shorter.
func fieldBounds(row []byte, i int) (start, end int, ok bool) {
	f, inQ := 0, false
	start = 0
	for j := 0; j < len(row); j++ {
		switch c := row[j]; {
		case c == '"':
			inQ = !inQ
		case c == ',' && !inQ:
			if f == i {
				return start, j, true
			}
			f++
			start = j + 1
		case c == '\n' && !inQ:
			if f == i {
				return start, j, true
			}
			return 0, 0, false
		}
	}
	if f == i {
		return start, len(row), true
	}
	return 0, 0, false
}

// replaceField returns a copy of row with field i replaced by v (v already
// CSV-encoded).
func replaceField(dst, row []byte, i int, v []byte) []byte {
	s, e, ok := fieldBounds(row, i)
	if !ok {
		return append(dst, row...)
	}
	dst = append(dst, row[:s]...)
	dst = append(dst, v...)
	return append(dst, row[e:]...)
}

// field returns field i of row, raw (with its quotes, if any).
func field(row []byte, i int) []byte {
	s, e, ok := fieldBounds(row, i)
	if !ok {
		return nil
	}
	return row[s:e]
}
