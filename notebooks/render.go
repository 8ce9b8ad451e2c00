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
// page to out. A failing cell shows its error on the page; Render then
// returns ErrCellsFailed after writing the page.
func Render(ctx context.Context, w *warehouse.DB, name string, src []byte, out io.Writer, o Options) error {
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
	var failed []string
	for i, b := range blocks {
		switch b.Kind {
		case "markdown":
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
				cell.Error = fmt.Sprintf("line %d: %v", b.Line, err)
				failed = append(failed, cell.Error)
				last = nil
			} else {
				last = res
				cell.Table, cell.Rows, cell.Truncated = table(res, o, fmt.Sprintf("nb-table-%d", i))
			}
			nb.Cells = append(nb.Cells, cell)
		case "chart":
			cell := reports.NotebookCell{Kind: "chart"}
			c, err := chart(b.Text, last, fmt.Sprintf("nb-chart-%d", i))
			if err != nil {
				cell.Error = fmt.Sprintf("line %d: %v", b.Line, err)
				failed = append(failed, cell.Error)
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
	if len(failed) > 0 {
		return fmt.Errorf("notebook %s: %w: %s", name, ErrCellsFailed, strings.Join(failed, "; "))
	}
	return nil
}

// RenderFile renders the notebook at path into outPath.
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
	rows, err := w.Query(ctx, q)
	if err != nil {
		return nil, err
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
			return nil, err
		}
		res.rows = append(res.rows, vals)
	}
	return res, rows.Err()
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
