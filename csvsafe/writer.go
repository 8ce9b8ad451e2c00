package csvsafe

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
)

// Writer writes CSV records whose text fields go through Cell and whose
// numeric fields go through Number.
type Writer struct {
	w       *csv.Writer
	numeric []int
}

// NewWriter returns a Writer on w; numeric lists the 0-based columns that
// hold numbers (formatted by the caller). Every other column is text.
func NewWriter(w io.Writer, numeric ...int) *Writer {
	return &Writer{w: csv.NewWriter(w), numeric: numeric}
}

// Write writes one record, neutralising its cells. The header is a record
// like any other.
func (w *Writer) Write(record []string) error {
	out := make([]string, len(record))
	for i, s := range record {
		if slices.Contains(w.numeric, i) {
			out[i] = Number(s)
		} else {
			out[i] = Cell(s)
		}
	}
	if err := w.w.Write(out); err != nil {
		return fmt.Errorf("write csv record: %w", err)
	}
	return nil
}

// Flush writes any buffered data and returns the first error of any Write
// or of the flush itself.
func (w *Writer) Flush() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
