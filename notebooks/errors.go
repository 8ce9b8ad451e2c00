package notebooks

import "errors"

var (
	// ErrChartWithoutSQL means a chart directive has no sql cell before it.
	ErrChartWithoutSQL = errors.New("notebooks: a chart block must follow a sql cell")
	// ErrBadChart means a chart directive names an unknown type or column.
	ErrBadChart = errors.New("notebooks: bad chart directive")
	// ErrCellsFailed means at least one cell failed; the page still renders, showing the errors.
	ErrCellsFailed = errors.New("notebooks: some cells failed")
)
