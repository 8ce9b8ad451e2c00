package notebooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// Options configure rendering.
type Options struct {
	// Lang is the language of numbers, dates and labels (default English).
	Lang reports.Lang
	// MaxRows caps the rows shown per sql cell (default 50).
	MaxRows int
	// MaxChartRows caps the rows a chart reads (default 500).
	MaxChartRows int
	// Now stamps the page; zero means time.Now.
	Now time.Time
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{Lang: reports.English, MaxRows: 50, MaxChartRows: 500}
}

// result is a sql cell's full result, kept for the chart that follows.
type result struct {
	cols []string
	rows [][]any
}

// Render runs the notebook src (named name) against w and writes the HTML
// page to out. w must be sandboxed (Open, or Sandbox): Render refuses a
// warehouse that can still reach files. A failing cell shows its error on
// the page; a check cell ("sql check") that returns rows is marked failed.
// Render then returns ErrCellsFailed and/or ErrCheckFailed, naming the cells,
// after writing the page.
func Render(ctx context.Context, w *warehouse.DB, name string, src []byte, out io.Writer, o Options) error {
	ok, err := sandboxed(ctx, w)
	if err != nil {
		return fmt.Errorf("notebook %s: %w", name, err)
	}
	if !ok {
		return fmt.Errorf("notebook %s: %w: open the warehouse with notebooks.Open", name, ErrNotSandboxed)
	}
	d := DefaultOptions()
	if o.Lang == "" {
		o.Lang = d.Lang
	}
	if o.MaxRows <= 0 {
		o.MaxRows = d.MaxRows
	}
	if o.MaxChartRows <= 0 {
		o.MaxChartRows = d.MaxChartRows
	}
	blocks, err := Parse(src)
	if err != nil {
		return fmt.Errorf("notebook %s: %w", name, err)
	}
	nb := reports.NotebookPage{Title: name, Source: name}
	var last *result
	var failed []error
	var checks []string
	heading := ""
	for i, b := range blocks {
		switch b.Kind {
		case "markdown":
			if h := lastHeading(b.Text); h != "" {
				heading = h
			}
			if nb.Title == name {
				for _, line := range strings.Split(b.Text, "\n") {
					if t := strings.TrimSpace(line); strings.HasPrefix(t, "# ") {
						nb.Title = strings.TrimSpace(t[2:])
						break
					}
				}
			}
			nb.Cells = append(nb.Cells, reports.NotebookCell{Kind: "markdown", HTML: Markdown(b.Text)})
		case "code":
			nb.Cells = append(nb.Cells, reports.NotebookCell{Kind: "sql", SQL: b.Text})
		case "sql":
			cell := reports.NotebookCell{Kind: "sql", SQL: b.Text}
			res, err := query(ctx, w, b.Text, max(o.MaxRows, o.MaxChartRows))
			if err != nil {
				err = fmt.Errorf("line %d: %w", b.Line, err)
				cell.Error = err.Error()
				failed = append(failed, err)
				last = nil
			} else {
				last = res
				cell.Table, cell.Rows, cell.Truncated = table(res, o, fmt.Sprintf("nb-table-%d", i))
			}
			if b.Check && err == nil {
				cell.Check = "passed"
				if len(res.rows) > 0 {
					cell.Check = "failed"
					checks = append(checks, checkFailure(heading, b.Line, len(res.rows), len(res.rows) > max(o.MaxRows, o.MaxChartRows)))
				}
			}
			nb.Cells = append(nb.Cells, cell)
		case "chart":
			cell := reports.NotebookCell{Kind: "chart"}
			c, err := chart(b.Text, last, fmt.Sprintf("nb-chart-%d", i))
			if err != nil {
				err = fmt.Errorf("line %d: %w", b.Line, err)
				cell.Error = err.Error()
				failed = append(failed, err)
			} else {
				cell.Chart = c
			}
			nb.Cells = append(nb.Cells, cell)
		}
	}
	ro := reports.DefaultOptions()
	ro.Lang, ro.Now = o.Lang, o.Now
	if err := reports.RenderNotebook(out, nb, ro); err != nil {
		return fmt.Errorf("render notebook %s: %w", name, err)
	}
	var errs []error
	if len(failed) > 0 {
		errs = append(errs, fmt.Errorf("notebook %s: %w: %w", name, ErrCellsFailed, joinSemi(failed)))
	}
	if len(checks) > 0 {
		errs = append(errs, fmt.Errorf("notebook %s: %w: %s", name, ErrCheckFailed, strings.Join(checks, "; ")))
	}
	return errors.Join(errs...)
}

// semiJoined is errors joined with "; " (errors.Join uses new lines).
type semiJoined []error

func (e semiJoined) Error() string {
	s := make([]string, len(e))
	for i, err := range e {
		s[i] = err.Error()
	}
	return strings.Join(s, "; ")
}

func (e semiJoined) Unwrap() []error { return e }

func joinSemi(errs []error) error { return semiJoined(errs) }

// lastHeading returns the text of the last Markdown heading in text, or "".
func lastHeading(text string) string {
	h := ""
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
			h = strings.TrimSpace(strings.TrimLeft(t, "#"))
		}
	}
	return h
}

// checkFailure names a failed check by its heading (or line) and row count.
func checkFailure(heading string, line, rows int, more bool) string {
	name := heading
	if name == "" {
		name = fmt.Sprintf("check at line %d", line)
	}
	n := fmt.Sprint(rows)
	if more {
		n = "more than " + fmt.Sprint(rows-1)
	}
	return fmt.Sprintf("%q returned %s rows", name, n)
}

// RenderFile renders the notebook at path into outPath (w as for Render).
func RenderFile(ctx context.Context, w *warehouse.DB, path, outPath string, o Options) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read notebook: %w", err)
	}
	var buf bytes.Buffer
	rerr := Render(ctx, w, filepath.Base(path), src, &buf, o)
	if rerr != nil && !errors.Is(rerr, ErrCellsFailed) {
		return rerr
	}
	if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write notebook page: %w", err)
	}
	return rerr
}

func query(ctx context.Context, w *warehouse.DB, q string, limit int) (*result, error) {
	if err := checkStatement(q); err != nil {
		return nil, err
	}
	rows, err := w.Query(ctx, q)
	if err != nil {
		return nil, refusal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &result{cols: cols}
	for rows.Next() {
		if len(res.rows) >= limit+1 {
			break
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, refusal(err)
		}
		res.rows = append(res.rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, refusal(err)
	}
	return res, nil
}

// number converts a scanned numeric value to float64.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, true
	case interface{ Float64() float64 }:
		return x.Float64(), true
	}
	return 0, false
}

func table(res *result, o Options, id string) (*reports.Table, int, bool) {
	l := o.Lang
	t := &reports.Table{ID: id, Head: res.cols, Numeric: make([]bool, len(res.cols))}
	n := len(res.rows)
	for r, row := range res.rows {
		if r >= o.MaxRows {
			break
		}
		cells := make([]string, len(row))
		for i, v := range row {
			if f, ok := number(v); ok {
				t.Numeric[i] = true
				if plainNumber(res.cols[i]) && f == math.Trunc(f) {
					cells[i] = strconv.FormatFloat(f, 'f', 0, 64) // 2025, not 2,025
				} else {
					cells[i] = l.Auto(f)
				}
				continue
			}
			switch x := v.(type) {
			case nil:
				cells[i] = ""
			case time.Time:
				if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
					cells[i] = l.Date(x)
				} else {
					cells[i] = l.DateTime(x)
				}
			case []byte:
				cells[i] = string(x)
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t, min(n, o.MaxRows), n > o.MaxRows
}

func chart(text string, last *result, id string) (*reports.CategoryChart, error) {
	if last == nil {
		return nil, ErrChartWithoutSQL
	}
	spec, err := ParseChart(text)
	if err != nil {
		return nil, err
	}
	col := func(name string) (int, error) {
		for i, c := range last.cols {
			if strings.EqualFold(c, name) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("no column %q in the sql result (%s): %w", name, strings.Join(last.cols, ", "), ErrBadChart)
	}
	xi, err := col(spec.X)
	if err != nil {
		return nil, err
	}
	c := &reports.CategoryChart{ID: id, Caption: reports.Caption{Title: spec.Title, Unit: spec.Unit, Definition: "y: " + strings.Join(spec.Y, ", ") + " · x: " + spec.X},
		Horizontal: spec.Type == "hbar", Stacked: spec.Type == "stacked"}
	for _, row := range last.rows {
		switch x := row[xi].(type) {
		case time.Time:
			c.Categories = append(c.Categories, x.Format("2006-01-02"))
		case nil:
			c.Categories = append(c.Categories, "")
		default:
			c.Categories = append(c.Categories, fmt.Sprint(x))
		}
	}
	for _, y := range spec.Y {
		yi, err := col(y)
		if err != nil {
			return nil, err
		}
		s := reports.Series{Name: last.cols[yi]}
		if spec.Type == "line" {
			s.Kind = "line"
		}
		for _, row := range last.rows {
			f, ok := number(row[yi])
			if !ok && row[yi] != nil {
				return nil, fmt.Errorf("column %q is not numeric: %w", y, ErrBadChart)
			}
			s.Values = append(s.Values, f)
		}
		c.Series = append(c.Series, s)
	}
	return c, nil
}

// plainNumber tells columns whose whole numbers are labels, not quantities
// (years, weeks, identifiers): printed without thousands separators.
func plainNumber(col string) bool {
	c := strings.ToLower(col)
	for _, w := range []string{"year", "annee", "année", "week", "semaine", "run_id", "_id", "line"} {
		if c == w || strings.HasSuffix(c, w) || strings.HasPrefix(c, w+"_") {
			return true
		}
	}
	return false
}
