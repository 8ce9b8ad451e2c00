package etl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// batch is a run of source records handed to a validation worker.
type batch struct {
	buf    []byte  // CSV: raw text of the records, back to back
	offs   []int   // CSV: record i is buf[offs[i]:offs[i+1]]
	lines  []int64 // 1-based line of each record
	fields [][]string
	raws   []string // pre-split sources: raw text per record
}

func (b *batch) len() int { return len(b.lines) }

// rowReader yields the header and then batches of records.
type rowReader interface {
	header() []string
	run(ctx context.Context, rows int, emit func(*batch) error) error
}

// csvReader cuts CSV text into batches; splitting into fields is left to the workers.
type csvReader struct {
	path  string
	rr    *recordReader
	delim byte
	hdr   []string
}

func newCSVReader(in *input, delim byte) (*csvReader, error) {
	if delim == 0 {
		sample, _ := in.r.Peek(64 << 10)
		delim = sniffDelimiter(sample)
	}
	c := &csvReader{path: in.path, rr: newRecordReader(in.r), delim: delim}
	rec, line, err := c.rr.next()
	if errors.Is(err, io.EOF) || (err == nil && len(bytes.TrimSpace(rec)) == 0 && c.rr.line <= 1) {
		return nil, &ParseError{File: in.path, Err: ErrEmptyFile}
	}
	if err != nil {
		return nil, readErr(in.path, line, err)
	}
	fs, err := splitCSV(rec, delim, nil)
	if err != nil {
		return nil, &ParseError{File: in.path, Line: line, Err: fmt.Errorf("header: %w", err)}
	}
	for _, f := range fs {
		c.hdr = append(c.hdr, string(bytes.TrimSpace(f)))
	}
	return c, nil
}

func (c *csvReader) header() []string { return c.hdr }

func (c *csvReader) run(ctx context.Context, rows int, emit func(*batch) error) error {
	b := &batch{offs: []int{0}}
	for {
		rec, line, err := c.rr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *ParseError
		if errors.As(err, &pe) && errors.Is(err, errUnterminated) {
			// keep it: the worker quarantines it with its raw text
		} else if err != nil {
			return readErr(c.path, line, err)
		}
		if len(rec) == 0 {
			continue // blank line
		}
		b.buf = append(b.buf, rec...)
		b.offs = append(b.offs, len(b.buf))
		b.lines = append(b.lines, line)
		if b.len() >= rows {
			if err := emit(b); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			b = &batch{offs: []int{0}, buf: make([]byte, 0, len(b.buf))}
		}
	}
	if b.len() > 0 {
		return emit(b)
	}
	return nil
}

func readErr(path string, line int64, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.File = path
		return pe
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return corrupt(path, err)
	}
	return &ParseError{File: path, Line: line, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
}

// ndjsonReader reads one JSON object per line. The header is the union of the
// keys of the first 1,000 objects, in order of appearance.
type ndjsonReader struct {
	path    string
	rr      *recordReader
	hdr     []string
	pending []pendingLine
}

type pendingLine struct {
	line int64
	raw  []byte
}

func newNDJSONReader(in *input) (*ndjsonReader, error) {
	n := &ndjsonReader{path: in.path, rr: &recordReader{r: in.r}}
	seen := map[string]bool{}
	for len(n.pending) < 1000 {
		rec, line, err := n.rr.nextLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readErr(in.path, line, err)
		}
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		raw := append([]byte(nil), rec...)
		n.pending = append(n.pending, pendingLine{line, raw})
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			continue
		}
		for _, k := range orderedKeys(raw) {
			if !seen[k] {
				seen[k] = true
				n.hdr = append(n.hdr, k)
			}
		}
	}
	if len(n.pending) == 0 {
		return nil, &ParseError{File: in.path, Err: ErrEmptyFile}
	}
	if len(n.hdr) == 0 {
		return nil, &ParseError{File: in.path, Line: n.pending[0].line, Err: fmt.Errorf("%w: no line is a JSON object; expected one object per line (NDJSON)", ErrCorrupt)}
	}
	return n, nil
}

func orderedKeys(raw []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var keys []string
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := t.(string)
		if !ok {
			return keys
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

// nextLine returns the next physical line (JSON strings cannot hold raw line breaks).
func (rr *recordReader) nextLine() ([]byte, int64, error) {
	rr.rec = rr.rec[:0]
	for {
		chunk, err := rr.r.ReadSlice('\n')
		rr.rec = append(rr.rec, chunk...)
		if err == nil {
			rr.line++
			return trimEOL(rr.rec), rr.line, nil
		}
		if errors.Is(err, io.EOF) {
			if len(rr.rec) == 0 {
				return nil, rr.line + 1, io.EOF
			}
			rr.line++
			return trimEOL(rr.rec), rr.line, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, rr.line + 1, err
		}
	}
}

func (n *ndjsonReader) header() []string { return n.hdr }

func (n *ndjsonReader) run(ctx context.Context, rows int, emit func(*batch) error) error {
	idx := map[string]int{}
	for i, h := range n.hdr {
		idx[h] = i
	}
	b := &batch{}
	add := func(line int64, raw []byte) error {
		fields := make([]string, len(n.hdr))
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			fields = nil // worker quarantines a nil row
		} else {
			for k, v := range obj {
				if i, ok := idx[k]; ok {
					fields[i] = jsonString(v)
				}
			}
		}
		b.fields = append(b.fields, fields)
		b.raws = append(b.raws, string(raw))
		b.lines = append(b.lines, line)
		if b.len() >= rows {
			if err := emit(b); err != nil {
				return err
			}
			b = &batch{}
			return ctx.Err()
		}
		return nil
	}
	for _, p := range n.pending {
		if err := add(p.line, p.raw); err != nil {
			return err
		}
	}
	n.pending = nil
	for {
		rec, line, err := n.rr.nextLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return readErr(n.path, line, err)
		}
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		if err := add(line, rec); err != nil {
			return err
		}
	}
	if b.len() > 0 {
		return emit(b)
	}
	return nil
}

func jsonString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// arrowReader turns Arrow record batches (DuckDB reading a Parquet file) into rows of text.
type arrowReader struct {
	rdr array.RecordReader
	hdr []string
}

func newArrowReader(rdr array.RecordReader) *arrowReader {
	a := &arrowReader{rdr: rdr}
	for _, f := range rdr.Schema().Fields() {
		a.hdr = append(a.hdr, f.Name)
	}
	return a
}

func (a *arrowReader) header() []string { return a.hdr }

func (a *arrowReader) run(ctx context.Context, rows int, emit func(*batch) error) error {
	line := int64(1) // header is line 1, as in the CSV export of the same data
	b := &batch{}
	for a.rdr.Next() {
		rec := a.rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			line++
			fields := make([]string, rec.NumCols())
			for c := range fields {
				fields[c] = arrowValue(rec.Column(c), r)
			}
			b.fields = append(b.fields, fields)
			b.raws = append(b.raws, joinRaw(fields))
			b.lines = append(b.lines, line)
			if b.len() >= rows {
				if err := emit(b); err != nil {
					return err
				}
				b = &batch{}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
	if err := a.rdr.Err(); err != nil {
		return err
	}
	if b.len() > 0 {
		return emit(b)
	}
	return nil
}

func joinRaw(fields []string) string {
	var sb bytes.Buffer
	for i, f := range fields {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(f)
	}
	return sb.String()
}

func arrowValue(col arrow.Array, i int) string {
	if col.IsNull(i) {
		return ""
	}
	switch c := col.(type) {
	case *array.String: // Value aliases the batch's memory, which is freed after Next
		return strings.Clone(c.Value(i))
	case *array.LargeString:
		return strings.Clone(c.Value(i))
	case *array.Float64:
		v := c.Value(i)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprint(v)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case *array.Float32:
		return strconv.FormatFloat(float64(c.Value(i)), 'f', -1, 32)
	case *array.Timestamp:
		unit := c.DataType().(*arrow.TimestampType).Unit
		return c.Value(i).ToTime(unit).UTC().Format("2006-01-02 15:04:05")
	case *array.Date32:
		return c.Value(i).ToTime().Format("2006-01-02")
	case *array.Date64:
		return c.Value(i).ToTime().UTC().Format("2006-01-02")
	}
	return col.ValueStr(i)
}
