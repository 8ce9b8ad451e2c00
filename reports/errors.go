package reports

import (
	"errors"

	"github.com/retour-analytics/retour/warehouse"
)

var (
	// ErrNoECharts means the ECharts bundle is neither compiled in nor on disk.
	ErrNoECharts = errors.New("reports: ECharts bundle missing (reports/assets/echarts.min.js): run `make assets`, then rebuild or run from the repository root")
	// ErrBadWeek means a week was not given as an ISO week like 2026-W47 (warehouse.ErrBadWeek).
	ErrBadWeek = warehouse.ErrBadWeek
	// ErrNoData means the warehouse holds no returns yet, so there is no week to report.
	ErrNoData = errors.New("reports: no return lines in the warehouse: load data first (`retour load` or `retour demo`)")
	// ErrBadLang means a language other than fr or en was asked for.
	ErrBadLang = errors.New("reports: language must be fr or en")
	// ErrTooLarge means a rendered page exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("reports: rendered page exceeds the size limit")
	// ErrBadCapacity means a site's current staff (Options.CapacityFTE) is not a number of 0 or more.
	ErrBadCapacity = errors.New("reports: capacity must be SITE=FTE with a number of full-time staff of 0 or more")
)
