package etl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

var (
	errBareQuote    = errors.New(`stray quote after a quoted field: a field that starts with " must end with " (write "" for a quote inside)`)
	errUnterminated = errors.New(`quoted field never closed: a " opens a field that runs to the end of the file`)
)

// splitCSV splits one CSV record (without its line ending) into fields,
// appending to out. Quoted fields may hold the delimiter, line breaks and
// doubled quotes. A quote inside an unquoted field is kept as text.
func splitCSV(rec []byte, delim byte, out [][]byte) ([][]byte, error) {
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

// recordReader cuts a byte stream into CSV records (a record ends at a line
// break outside quotes) and counts physical lines.
type recordReader struct {
	r    *bufio.Reader
	line int64 // physical lines consumed so far
	rec  []byte
}

func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{r: bufio.NewReaderSize(r, 1<<20)}
}

// next returns the next record without its line ending and the 1-based line
// it starts on. The slice is valid until the next call. io.EOF at the end.
func (rr *recordReader) next() ([]byte, int64, error) {
	rr.rec = rr.rec[:0]
	start := rr.line + 1
	quotes := 0
	for {
		chunk, err := rr.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			rr.rec = append(rr.rec, chunk...)
			quotes += bytes.Count(chunk, []byte{'"'})
			continue
		}
		if len(chunk) > 0 {
			rr.rec = append(rr.rec, chunk...)
			quotes += bytes.Count(chunk, []byte{'"'})
			if chunk[len(chunk)-1] == '\n' {
				rr.line++
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				if len(rr.rec) == 0 {
					return nil, start, io.EOF
				}
				if chunk == nil || len(chunk) == 0 || chunk[len(chunk)-1] != '\n' {
					rr.line++
				}
				if quotes%2 == 1 {
					return rr.rec, start, &ParseError{Line: start, Err: errUnterminated}
				}
				return trimEOL(rr.rec), start, nil
			}
			return nil, start, err
		}
		if quotes%2 == 0 {
			return trimEOL(rr.rec), start, nil
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
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
