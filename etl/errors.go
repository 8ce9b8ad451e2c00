package etl

import (
	"errors"
	"fmt"
)

var (
	// ErrEmptyFile: the file has no header row, or no data row after it.
	ErrEmptyFile = errors.New("etl: file is empty")
	// ErrNotAFile: the path names a directory, a pipe or a device.
	ErrNotAFile = errors.New("etl: not a regular file")
	// ErrRecordTooLong: a line or record exceeds Options.MaxRecordBytes.
	ErrRecordTooLong = errors.New("etl: record too long")
	// ErrEncoding: the text encoding cannot be read (UTF-16 without a byte-order mark, ...).
	ErrEncoding = errors.New("etl: unsupported text encoding")
	// ErrBinary: the file is not text (NUL bytes) and not a known binary format.
	ErrBinary = errors.New("etl: file is not text")
	// ErrMissingColumn: a required canonical field has no source column.
	ErrMissingColumn = errors.New("etl: required column missing")
	// ErrUnknownEntity: the entity of a file could not be told from its name, header or mapping.
	ErrUnknownEntity = errors.New("etl: cannot tell which table this file is for")
	// ErrTooManyBad: more rows were rejected than Options.MaxBadRatio allows; the file is not loaded.
	ErrTooManyBad = errors.New("etl: too many bad rows")
	// ErrCorrupt: the file could not be read to its end (truncated or damaged).
	ErrCorrupt = errors.New("etl: file is damaged or truncated")
	// ErrDuplicateColumn: the header names a column twice.
	ErrDuplicateColumn = errors.New("etl: duplicated header column")
	// ErrJoin: a joined file cannot be read.
	ErrJoin = errors.New("etl: joined file")
	// ErrMapping: the mapping file is invalid.
	ErrMapping = errors.New("etl: invalid mapping")
)

// ParseError locates bad input: file, line (1-based), column and value.
type ParseError struct {
	File   string
	Line   int64
	Column string
	Value  string
	Err    error
}

func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Column != "" {
		s += fmt.Sprintf(": column %q", e.Column)
	}
	if e.Value != "" {
		s += fmt.Sprintf(": value %q", e.Value)
	}
	return s + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }
