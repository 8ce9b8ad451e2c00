package notebooks

import "errors"

var (
	// ErrChartWithoutSQL means a chart directive has no sql cell before it.
	ErrChartWithoutSQL = errors.New("notebooks: a chart block must follow a sql cell")
	// ErrBadChart means a chart directive names an unknown type or column.
	ErrBadChart = errors.New("notebooks: bad chart directive")
	// ErrCellsFailed means at least one cell failed; the page still renders, showing the errors.
	ErrCellsFailed = errors.New("notebooks: some cells failed")
	// ErrCheckFailed means a self-check cell (fenced "sql check") returned rows.
	ErrCheckFailed = errors.New("notebooks: a check returned rows")
	// ErrRefused means a cell tried something notebooks may not do: write,
	// run more than one statement, or reach files, URLs or extensions.
	ErrRefused = errors.New("notebooks: refused")
	// ErrNotSandboxed means Render was given a warehouse with external
	// access still on; open it with Open or apply Sandbox first.
	ErrNotSandboxed = errors.New("notebooks: warehouse not sandboxed")
)
