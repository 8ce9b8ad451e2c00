package etl

import (
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
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// batch is a run of source records handed to a validation worker.
type batch struct {
	buf    []byte  // CSV: raw text of the records, back to back
	offs   []int   // CSV: record i is buf[offs[i]:offs[i+1]]
	lines  []int64 // 1-based line of each record
	fields [][]string
	raws   []string       // pre-split sources: raw text per record
	errs   map[int]string // record index -> why the reader set it aside (quarantined as is)
}

// setAside marks record i as rejected by the reader with reason.
func (b *batch) setAside(i int, reason string) {
	if b.errs == nil {
		b.errs = map[int]string{}
	}
	b.errs[i] = reason
}

// maxBatchBytes cuts a batch early when its records are large, so memory
// stays bounded whatever the record size.
const maxBatchBytes = 16 << 20

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

func newCSVReader(in *input, delim byte, lim limits) (*csvReader, error) {
	if delim == 0 {
		sample, _ := in.r.Peek(64 << 10)
		delim = sniffDelimiter(sample)
	}
	c := &csvReader{path: in.path, rr: in.records(delim, lim), delim: delim}
	if in.plain {
		c.rr.markEvery = markEvery
	}
	rec, line, err := c.rr.next()
	for err == nil && len(bytes.TrimSpace(rec)) == 0 { // blank lines before the header
		rec, line, err = c.rr.next()
	}
	if errors.Is(err, io.EOF) {
		return nil, &ParseError{File: in.path, Err: fmt.Errorf("%w: only blank lines, no header row", ErrEmptyFile)}
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
		var stray *errStrayQuote
		reason := ""
		switch {
		case errors.As(err, &stray):
			reason = stray.Error()
		case errors.Is(err, errUnterminated):
			reason = errUnterminated.Error()
		case err != nil:
			return readErr(c.path, line, err)
		}
		if len(rec) == 0 && reason == "" {
			continue // blank line
		}
		if reason != "" {
			b.setAside(b.len(), reason)
		}
		b.buf = append(b.buf, rec...)
		b.offs = append(b.offs, len(b.buf))
		b.lines = append(b.lines, line)
		if b.len() >= rows || len(b.buf) >= maxBatchBytes {
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
// keys of every object in the file, in order of appearance (a first pass over
// the file finds them).
type ndjsonReader struct {
	path string
	rr   *recordReader
	hdr  []string
}

// maxJSONKeys bounds the distinct keys of an NDJSON file.
const maxJSONKeys = 10000

func newNDJSONReader(in *input, lim limits) (*ndjsonReader, error) {
	pre, err := openInput(in.path, in.enc)
	if err != nil {
		return nil, err
	}
	defer pre.close()
	n := &ndjsonReader{path: in.path, rr: in.records(0, lim)}
	seen := map[string]bool{}
	rr := pre.records(0, lim)
	lines, objects := 0, 0
	first := int64(0)
	for {
		rec, line, err := rr.nextLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readErr(in.path, line, err)
		}
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		if lines++; first == 0 {
			first = line
		}
		keys, ok := orderedKeys(rec)
		if ok {
			objects++
		}
		for _, k := range keys {
			if !seen[k] {
				if len(seen) >= maxJSONKeys {
					return nil, &ParseError{File: in.path, Line: line, Column: k, Err: fmt.Errorf("%w: more than %d distinct keys; expected one flat object per line with the same keys", ErrCorrupt, maxJSONKeys)}
				}
				seen[k] = true
				n.hdr = append(n.hdr, k)
			}
		}
	}
	if lines == 0 {
		return nil, &ParseError{File: in.path, Err: fmt.Errorf("%w: only blank lines", ErrEmptyFile)}
	}
	if objects == 0 || len(n.hdr) == 0 {
		return nil, &ParseError{File: in.path, Line: first, Err: fmt.Errorf("%w: no line is a JSON object with keys; expected one object per line (NDJSON)", ErrCorrupt)}
	}
	return n, nil
}

// orderedKeys lists an object's keys in order (repeats included); ok when
// raw is one whole object.
func orderedKeys(raw []byte) (keys []string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys, false
		}
		k, isKey := t.(string)
		if !isKey {
			return keys, false
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys, false
		}
	}
	_, err := dec.Token()
	return keys, err == nil
}

func (n *ndjsonReader) header() []string { return n.hdr }

func (n *ndjsonReader) run(ctx context.Context, rows int, emit func(*batch) error) error {
	idx := map[string]int{}
	for i, h := range n.hdr {
		idx[h] = i
	}
	b := &batch{}
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
		fields, reason := jsonRow(rec, idx, len(n.hdr))
		if reason != "" {
			b.setAside(b.len(), reason)
		}
		b.fields = append(b.fields, fields)
		b.raws = append(b.raws, string(rec))
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
	if b.len() > 0 {
		return emit(b)
	}
	return nil
}

// jsonRow reads one NDJSON line into fields by header index, or says why the
// line cannot be read: not an object, a repeated key, a nested value.
func jsonRow(raw []byte, idx map[string]int, n int) ([]string, string) {
	if !utf8.Valid(raw) {
		return nil, "text is not valid UTF-8: re-save the file as UTF-8"
	}
	keys, ok := orderedKeys(raw)
	if !ok {
		return nil, "not a JSON object: each line must hold one {...} object"
	}
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			return nil, fmt.Sprintf("key %q appears twice in the object: which value is meant is unclear; keep one", k)
		}
		seen[k] = true
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, "not a JSON object: each line must hold one {...} object"
	}
	fields := make([]string, n)
	for _, k := range keys {
		switch obj[k].(type) {
		case map[string]any, []any:
			return nil, fmt.Sprintf("key %q holds a nested object or list: retour reads flat objects (one value per key); flatten the file first or drop the key", k)
		}
		if i, ok := idx[k]; ok {
			fields[i] = jsonString(obj[k])
		}
	}
	return fields, ""
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
		return c.Value(i).ToTime(unit).UTC().Format("2006-01-02 15:04:05.999999") // sub-second kept
	case *array.Date32:
		return c.Value(i).ToTime().Format("2006-01-02")
	case *array.Date64:
		return c.Value(i).ToTime().UTC().Format("2006-01-02")
	}
	return col.ValueStr(i)
}
