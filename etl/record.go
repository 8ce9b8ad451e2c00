package etl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Default bounds of the record reader (see Options).
const (
	DefaultMaxRecordBytes = 4 << 20
	DefaultMaxQuotedLines = 100
)

// limits bound what one record may hold, so that a stray quote or an endless
// line cannot swallow a file or exhaust memory.
type limits struct {
	maxBytes int // longest physical line, and longest quoted record
	maxLines int // most physical lines a quoted field may span
}

func (l limits) orDefault() limits {
	if l.maxBytes <= 0 {
		l.maxBytes = DefaultMaxRecordBytes
	}
	if l.maxLines <= 0 {
		l.maxLines = DefaultMaxQuotedLines
	}
	return l
}

// errStrayQuote is the quarantine reason of a record whose quoted field did
// not close within the limits; reading resumes at the next line.
type errStrayQuote struct{ lines, bytes int }

func (e *errStrayQuote) Error() string {
	return fmt.Sprintf(`a quoted field is not closed within %d lines (%d bytes): a stray " in this line? The line was set aside and reading went on at the next line; write "" for a quote inside a quoted value`, e.lines, e.bytes)
}

// recordReader cuts a byte stream into CSV records (a record ends at a line
// break outside quotes) and counts physical lines. A quote opens a quoted
// field only at the start of a field, as splitCSV reads it.
type recordReader struct {
	r      *bufio.Reader
	delim  byte
	lim    limits
	line   int64 // physical lines consumed so far
	rec    []byte
	back   []byte // bytes read past a resynchronised record, read again first
	decode func([]byte) []byte
	// off counts the bytes taken from r; every markEvery lines (0: never) a
	// record start is noted in marks, so rows can be found again without
	// reading the whole text (fillRaw).
	off       int64
	markEvery int64
	nextMark  int64
	marks     []mark
}

// mark is where a record starts: after line physical lines, at byte off of
// the text.
type mark struct{ line, off int64 }

func newRecordReader(r io.Reader) *recordReader {
	return newRecordReaderOpts(r, ',', limits{})
}

func newRecordReaderOpts(r io.Reader, delim byte, lim limits) *recordReader {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 1<<20)
	}
	return &recordReader{r: br, delim: delim, lim: lim.orDefault()}
}

// readLine appends the next physical line (with its '\n', if any) to rr.rec.
// A line longer than the limit is an error: memory stays bounded.
func (rr *recordReader) readLine() (n int, err error) {
	if len(rr.back) > 0 {
		i := bytes.IndexByte(rr.back, '\n')
		if i < 0 {
			i = len(rr.back) - 1
		}
		rr.rec = append(rr.rec, rr.back[:i+1]...)
		rr.back = rr.back[i+1:]
		return i + 1, nil
	}
	for {
		chunk, err := rr.r.ReadSlice('\n')
		n += len(chunk)
		rr.off += int64(len(chunk))
		if n > rr.lim.maxBytes {
			return n, fmt.Errorf("%w: line %d is longer than %d bytes (an endless line, or not a text export?); raise the record size limit if such lines are real", ErrRecordTooLong, rr.line+1, rr.lim.maxBytes)
		}
		rr.rec = append(rr.rec, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return n, err
		}
	}
}

// next returns the next record without its line ending and the 1-based line
// it starts on. The slice is valid until the next call. io.EOF at the end. A
// *ParseError wrapping *errStrayQuote or errUnterminated comes with the
// record's first line, to be quarantined; reading may go on.
func (rr *recordReader) next() ([]byte, int64, error) {
	rr.rec = rr.rec[:0]
	start := rr.line + 1
	if rr.markEvery > 0 && rr.line >= rr.nextMark && len(rr.back) == 0 {
		rr.marks = append(rr.marks, mark{line: rr.line, off: rr.off})
		rr.nextMark = rr.line + rr.markEvery
	}
	inQ, fieldStart := false, true
	lines := 0
	for {
		off := len(rr.rec)
		n, err := rr.readLine()
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, start, lineErr(rr.line+1, err)
		}
		if n == 0 { // end of input
			if len(rr.rec) == 0 {
				return nil, start, io.EOF
			}
			return rr.unclosed(start, lines)
		}
		rr.line++
		lines++
		ln := rr.rec[off:]
		if inQ || bytes.IndexByte(ln, '"') >= 0 {
			inQ, fieldStart = scanQuotes(ln, rr.delim, inQ, fieldStart)
		}
		if !inQ {
			return rr.finish(trimEOL(rr.rec)), start, nil
		}
		if lines > rr.lim.maxLines || len(rr.rec) > rr.lim.maxBytes {
			return rr.resync(start)
		}
		if errors.Is(err, io.EOF) {
			return rr.unclosed(start, lines)
		}
	}
}

// unclosed handles a quote still open at the end of the input.
func (rr *recordReader) unclosed(start int64, lines int) ([]byte, int64, error) {
	if lines > 1 {
		return rr.resync(start)
	}
	return rr.finish(trimEOL(rr.rec)), start, &ParseError{Line: start, Err: errUnterminated}
}

// resync gives back every line of the record after its first, so reading
// resumes at the next line, and returns the first line as a stray-quote record.
func (rr *recordReader) resync(start int64) ([]byte, int64, error) {
	first := bytes.IndexByte(rr.rec, '\n') + 1
	nb := make([]byte, 0, len(rr.rec)-first+len(rr.back))
	nb = append(nb, rr.rec[first:]...)
	rr.back = append(nb, rr.back...)
	rr.rec = rr.rec[:first]
	rr.line = start
	return rr.finish(trimEOL(rr.rec)), start, &ParseError{Line: start, Err: &errStrayQuote{lines: rr.lim.maxLines, bytes: rr.lim.maxBytes}}
}

func (rr *recordReader) finish(rec []byte) []byte {
	if rr.decode != nil {
		return rr.decode(rec)
	}
	return rec
}

// scanQuotes follows the quoting state across one physical line: whether a
// quoted field is open at its end, and whether the next byte starts a field.
func scanQuotes(b []byte, delim byte, inQ, fieldStart bool) (bool, bool) {
	i := 0
	for i < len(b) {
		if inQ {
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				return true, false
			}
			i += j + 1
			if i < len(b) && b[i] == '"' {
				i++
				continue
			}
			inQ, fieldStart = false, false
			continue
		}
		if fieldStart && b[i] == '"' {
			inQ = true
			i++
			continue
		}
		j := bytes.IndexByte(b[i:], delim)
		if j < 0 {
			return false, false
		}
		i += j + 1
		fieldStart = true
	}
	return inQ, fieldStart
}

// nextLine returns the next physical line (JSON strings cannot hold raw line
// breaks), bounded like CSV lines.
func (rr *recordReader) nextLine() ([]byte, int64, error) {
	rr.rec = rr.rec[:0]
	n, err := rr.readLine()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, rr.line + 1, lineErr(rr.line+1, err)
	}
	if n == 0 {
		return nil, rr.line + 1, io.EOF
	}
	rr.line++
	return rr.finish(trimEOL(rr.rec)), rr.line, nil
}

// lineErr locates a too-long line; read errors (a damaged gzip stream, ...)
// are returned as they are, for readErr to explain.
func lineErr(line int64, err error) error {
	if errors.Is(err, ErrRecordTooLong) {
		return &ParseError{Line: line, Err: err}
	}
	return err
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
