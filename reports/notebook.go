package reports

import (
	"html/template"
	"io"
)

// NotebookPage is a rendered notebook: the cells of a Markdown file with SQL
// cells and chart directives (package notebooks builds it).
type NotebookPage struct {
	Title  string
	Source string // the file it came from
	Cells  []NotebookCell
}

// NotebookCell is one cell. Kind is "markdown", "sql" or "chart".
type NotebookCell struct {
	Kind string
	// HTML is the cell's Markdown already converted to escaped HTML.
	HTML template.HTML
	// SQL is the query text of a sql cell (shown as text).
	SQL string
	// Table is a sql cell's result; Truncated says rows were cut.
	Table     *Table
	Rows      int
	Truncated bool
	// Chart is a chart cell's data.
	Chart *CategoryChart
	// Error is what went wrong running the cell.
	Error string
	// Check is "passed" or "failed" for a self-check cell (one whose rows
	// break a rule), "" for other cells.
	Check string
}

// RenderNotebook writes a notebook page in the packs' style, with ECharts
// inlined when it has charts.
func RenderNotebook(w io.Writer, nb NotebookPage, o Options) error {
	o = o.withDefaults()
	l := o.Lang
	p := page{
		Lang:     l,
		Title:    nb.Title,
		Subtitle: l.Tf("nb.sub", nb.Source),
		Footer:   l.Tf("foot.generated", l.DateTime(o.Now)) + " · " + l.T("foot.offline"),
		Data:     notebookView{Groups: groupCells(nb.Cells)},
	}
	return renderPage(w, "notebook.html", p, o)
}

// notebookView is what the notebook template draws: one section per group.
type notebookView struct {
	Groups [][]NotebookCell
}

// groupCells starts a group at each Markdown cell, so a heading, its query,
// table and chart share one section.
func groupCells(cells []NotebookCell) [][]NotebookCell {
	var out [][]NotebookCell
	for _, c := range cells {
		if c.Kind == "markdown" || len(out) == 0 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}
