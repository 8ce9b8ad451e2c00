package kpi

import (
	"errors"
	"fmt"
)

var (
	// ErrNoData means the warehouse holds no order or return lines to compute KPIs from.
	ErrNoData = errors.New("kpi: no order or return lines in the warehouse; load data first (retour load FILE...)")
	// ErrWeek means a week was not written YYYY-Www or lies outside the data.
	ErrWeek = errors.New("kpi: bad ISO week")
	// ErrFile means a benchmark or factor file could not be used; the wrapped
	// *ParseError says where and why.
	ErrFile = errors.New("kpi: bad reference file")
	// ErrNoRun means no KPI run has finished yet, so there is nothing to print.
	ErrNoRun = errors.New("kpi: no KPI run has finished yet; run `retour kpi` first")
	// ErrOptions means Options hold an impossible value.
	ErrOptions = errors.New("kpi: bad options")
)

// ParseError is a problem in a user's benchmark or factor file. Line is the
// 1-based physical line; Column the 1-based field number (0 when the whole
// line is at fault); Field the header name of that column when known.
type ParseError struct {
	File   string
	Line   int
	Column int
	Field  string
	Err    error
}

func (e *ParseError) Error() string {
	where := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Column > 0 {
		where += fmt.Sprintf(":%d", e.Column)
	}
	if e.Field != "" {
		where += " (" + e.Field + ")"
	}
	return where + ": " + e.Err.Error()
}

// Unwrap returns the reason, so errors.Is(err, ErrFile) holds for every ParseError.
func (e *ParseError) Unwrap() []error { return []error{ErrFile, e.Err} }
