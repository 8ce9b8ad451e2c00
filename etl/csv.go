package etl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

var (
	errBareQuote    = errors.New(`stray quote after a quoted field: a field that starts with " must end with " (write "" for a quote inside)`)
	errUnterminated = errors.New(`quoted field never closed: a " opens a field that runs to the end of the file`)
)

// splitCSV splits one CSV record (without its line ending) into fields,
// appending to out. Quoted fields may hold the delimiter, line breaks and
// doubled quotes. A quote inside an unquoted field is kept as text.
func splitCSV(rec []byte, delim byte, out [][]byte) ([][]byte, error) {
	if bytes.IndexByte(rec, '"') < 0 {
		return splitPlain(rec, delim, out), nil
	}
	i := 0
	for {
		if i < len(rec) && rec[i] == '"' {
			// quoted field
			i++
			start := i
			var unq []byte
			for {
				j := bytes.IndexByte(rec[i:], '"')
				if j < 0 {
					return out, errUnterminated
				}
				i += j
				if i+1 < len(rec) && rec[i+1] == '"' {
					unq = append(unq, rec[start:i+1]...)
					i += 2
					start = i
					continue
				}
				break
			}
			var field []byte
			if unq != nil {
				field = append(unq, rec[start:i]...)
			} else {
				field = rec[start:i]
			}
			i++ // closing quote
			out = append(out, field)
			if i == len(rec) {
				return out, nil
			}
			if rec[i] != delim {
				return out, errBareQuote
			}
			i++
			continue
		}
		j := bytes.IndexByte(rec[i:], delim)
		if j < 0 {
			out = append(out, rec[i:])
			return out, nil
		}
		out = append(out, rec[i:i+j])
		i += j + 1
	}
}

// splitPlain splits a record without quotes on delim, eight bytes at a
// time: most fields are a few bytes long, so a scan word by word beats a
// search call per field.
func splitPlain(rec []byte, delim byte, out [][]byte) [][]byte {
	const low7 = 0x7f7f7f7f7f7f7f7f
	mask := uint64(delim) * 0x0101010101010101
	start, i := 0, 0
	for ; i+8 <= len(rec); i += 8 {
		x := binary.LittleEndian.Uint64(rec[i:]) ^ mask // delimiters are zero bytes
		// the high bit of each zero byte, exactly (no borrow between bytes)
		z := ^((x&low7 + low7) | x | low7)
		for z != 0 {
			k := i + bits.TrailingZeros64(z)/8
			out = append(out, rec[start:k])
			start = k + 1
			z &= z - 1
		}
	}
	for ; i < len(rec); i++ {
		if rec[i] == delim {
			out = append(out, rec[start:i])
			start = i + 1
		}
	}
	return append(out, rec[start:])
}

// sniffDelimiter picks the delimiter among , ; tab | whose count outside
// quotes is the same non-zero number on the most sample lines, header first.
func sniffDelimiter(sample []byte) byte {
	lines := bytes.SplitN(sample, []byte{'\n'}, 22)
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // last one may be cut
	}
	best, bestScore := byte(','), -1
	for _, d := range []byte{',', ';', '\t', '|'} {
		h := countOutside(lines[0], d)
		if h == 0 {
			continue
		}
		score := 1000 * h
		agree := 0
		for _, l := range lines[1:] {
			if countOutside(l, d) == h {
				agree++
			}
		}
		score = agree*100000 + h
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func countOutside(line []byte, d byte) int {
	n, in := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			in = !in
		case c == d && !in:
			n++
		}
	}
	return n
}

func delimName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	default:
		return fmt.Sprintf("%q", string(d))
	}
}
