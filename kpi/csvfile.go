package kpi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// record is one data row of a reference file with the line it started on.
type record struct {
	line   int
	fields map[string]string
	cols   map[string]int // header name -> 1-based column
	file   string
}

// readRefCSV reads a comma-separated reference file: UTF-8 (BOM allowed), a
// header naming at least the required columns, lines starting with '#' and
// blank lines ignored. Each row must have as many fields as the header.
func readRefCSV(file string, data []byte, required []string) ([]record, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, &ParseError{File: file, Line: line, Err: errors.New("not UTF-8 text; save the file as UTF-8")}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("empty file; want a header line with %s", strings.Join(required, ","))}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	hline, _ := r.FieldPos(0)
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			return nil, &ParseError{File: file, Line: hline, Column: i + 1, Err: errors.New("empty column name in header")}
		}
		if _, dup := cols[h]; dup {
			return nil, &ParseError{File: file, Line: hline, Column: i + 1, Field: h, Err: errors.New("column named twice in header")}
		}
		cols[h] = i + 1
	}
	for _, req := range required {
		if _, ok := cols[req]; !ok {
			return nil, &ParseError{File: file, Line: hline, Err: fmt.Errorf("header lacks column %q; want %s", req, strings.Join(required, ","))}
		}
	}
	var out []record
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(row) != len(header) {
			return nil, &ParseError{File: file, Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(row), len(header))}
		}
		rec := record{line: line, fields: map[string]string{}, cols: cols, file: file}
		for name, c := range cols {
			rec.fields[name] = strings.TrimSpace(row[c-1])
		}
		out = append(out, rec)
	}
	return out, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &ParseError{File: file, Err: err}
}

// errf builds a ParseError located at the named field of rec.
func (rec record) errf(field, format string, args ...any) error {
	return &ParseError{File: rec.file, Line: rec.line, Column: rec.cols[field], Field: field, Err: fmt.Errorf(format, args...)}
}

// text returns a field that must not be empty.
func (rec record) text(field string) (string, error) {
	v := rec.fields[field]
	if v == "" {
		return "", rec.errf(field, "empty; a value is required")
	}
	return v, nil
}

// number returns a finite decimal (point or comma as decimal separator).
func (rec record) number(field string) (float64, error) {
	v := rec.fields[field]
	if v == "" {
		return 0, rec.errf(field, "empty; a number is required")
	}
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, rec.errf(field, "%q is not a number", v)
	}
	return f, nil
}

// year returns an optional year (0 when empty).
func (rec record) year(field string) (int, error) {
	v, ok := rec.fields[field]
	if !ok || v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2100 {
		return 0, rec.errf(field, "%q is not a year (1900-2100)", v)
	}
	return y, nil
}
