package reports

import (
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Options configure a report run. The zero value is not valid; start from
// DefaultOptions.
type Options struct {
	// Week is the ISO week reported; the zero Week means the latest week with
	// return lines (LatestWeek).
	Week Week
	// Lang is the language of labels, numbers and dates (default English).
	Lang Lang
	// TrendWeeks is the length of the trend charts, 26 to 52 weeks (default 52).
	TrendWeeks int
	// HistoryWeeks is the history drawn before a forecast (default 26).
	HistoryWeeks int
	// RecentWeeks is the window of the reason mix, Pareto, themes and claims
	// summaries (default 13).
	RecentWeeks int
	// HoursPerFTE turns workload hours into full-time staff (default
	// warehouse.DefaultHoursPerFTE, 35 h/week).
	HoursPerFTE float64
	// CapacityFTE is the current staff per site in full-time equivalents
	// (retour report --capacity LILLE=12,LYON=8); nil means unknown, and the
	// pack says how to give it. The staffing need is compared with it.
	CapacityFTE map[string]float64
	// TopN caps the SKU tables and charts (default 20).
	TopN int
	// MaxAlerts caps the reason-alert table: the strongest alerts detected in
	// the last RecentWeeks (default 25).
	MaxAlerts int
	// Exports writes the export files beside the week's packs (default true).
	Exports bool
	// MaxBytes fails a page larger than this (default 3 MB).
	MaxBytes int
	// Now stamps the pages; zero means time.Now (tests set it).
	Now time.Time
	// MinCoverage is the share of a table's rows that must have a field for
	// the sections needing it to be shown; 0 means
	// warehouse.DefaultMinCoverage (1 %).
	MinCoverage float64
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		Lang:         English,
		TrendWeeks:   52,
		HistoryWeeks: 26,
		RecentWeeks:  13,
		HoursPerFTE:  warehouse.DefaultHoursPerFTE,
		TopN:         20,
		MaxAlerts:    25,
		Exports:      true,
		MaxBytes:     3 << 20,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Lang == "" {
		o.Lang = d.Lang
	}
	if o.TrendWeeks <= 0 {
		o.TrendWeeks = d.TrendWeeks
	}
	o.TrendWeeks = max(26, min(52, o.TrendWeeks))
	if o.HistoryWeeks <= 0 {
		o.HistoryWeeks = d.HistoryWeeks
	}
	if o.RecentWeeks <= 0 {
		o.RecentWeeks = d.RecentWeeks
	}
	if o.HoursPerFTE <= 0 {
		o.HoursPerFTE = d.HoursPerFTE
	}
	if o.TopN <= 0 {
		o.TopN = d.TopN
	}
	if o.MaxAlerts <= 0 {
		o.MaxAlerts = d.MaxAlerts
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = d.MaxBytes
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}
